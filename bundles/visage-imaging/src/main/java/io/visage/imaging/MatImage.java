package io.visage.imaging;

import java.util.Optional;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

import io.visage.api.face.FaceImage;

/**
 * A {@link FaceImage} backed by an 8-bit BGR (or single-channel gray) {@link Mat} that it owns, offered as its
 * {@link FaceImage#view view} of type {@link Mat}. Stages read it through {@link Images#mat(FaceImage)}.
 */
public final class MatImage implements FaceImage {

    private final Mat mat;
    private final int width;
    private final int height;
    private boolean closed;

    /** Takes ownership of {@code mat}: it is released when this image is closed. */
    public MatImage(Mat mat) {
        if (mat.empty() || mat.depth() != CvType.CV_8U || (mat.channels() != 3 && mat.channels() != 1)) {
            mat.release();
            throw new IllegalArgumentException("8-bit BGR or gray image expected");
        }
        this.mat = mat;
        this.width = mat.cols();
        this.height = mat.rows();
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public synchronized <T> Optional<T> view(Class<T> type) {
        if (closed) {
            throw new IllegalStateException("image already closed");
        }
        return type.isInstance(mat) ? Optional.of(type.cast(mat)) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            mat.release();
        }
    }

    @Override
    public String toString() {
        return "MatImage[" + width + "x" + height + "x" + mat.channels() + (closed ? ", closed" : "") + "]";
    }
}
