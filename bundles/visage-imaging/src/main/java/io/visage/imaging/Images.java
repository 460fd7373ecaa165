package io.visage.imaging;

import org.opencv.core.Mat;

import io.visage.api.face.FaceImage;

/** How the pipeline's stages read an image's pixels: through its named OpenCV view, whatever implements it. */
public final class Images {

    private Images() {
    }

    /**
     * The {@link Mat} view of {@code image} ({@link FaceImage#view}); it stays owned by {@code image}.
     *
     * @throws IllegalArgumentException when the image offers no OpenCV view
     * @throws IllegalStateException    when the image is already closed
     */
    public static Mat mat(FaceImage image) {
        return image.view(Mat.class).orElseThrow(() -> new IllegalArgumentException(
                "the image offers no " + FaceImage.OPENCV_MAT + " view: " + image.getClass().getName()));
    }
}
