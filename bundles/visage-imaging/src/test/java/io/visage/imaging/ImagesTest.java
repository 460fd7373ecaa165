package io.visage.imaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.BeforeClass;
import org.junit.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import io.visage.api.face.FaceImage;

public class ImagesTest {

    @BeforeClass
    public static void natives() {
        OpenCvNatives.load();
    }

    @Test
    public void aMatImageOffersItsMatAsTheNamedView() {
        Mat mat = new Mat(4, 6, CvType.CV_8UC3);
        try (MatImage image = new MatImage(mat)) {
            assertEquals(FaceImage.OPENCV_MAT, Mat.class.getName());
            assertSame(mat, image.view(Mat.class).orElseThrow());
            assertSame(mat, Images.mat(image));
            assertFalse("no view of another type", image.view(String.class).isPresent());
        }
    }

    @Test
    public void aClosedImageHasNoView() {
        MatImage image = new MatImage(new Mat(4, 6, CvType.CV_8UC3));
        image.close();
        assertThrows(IllegalStateException.class, () -> Images.mat(image));
    }

    @Test
    public void anImageWithoutAnOpenCvViewIsRefusedByName() {
        FaceImage opaque = new FaceImage() {
            @Override
            public int width() {
                return 1;
            }

            @Override
            public int height() {
                return 1;
            }

            @Override
            public <T> Optional<T> view(Class<T> type) {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Images.mat(opaque));
        assertTrue(e.getMessage(), e.getMessage().contains(FaceImage.OPENCV_MAT));
    }
}
