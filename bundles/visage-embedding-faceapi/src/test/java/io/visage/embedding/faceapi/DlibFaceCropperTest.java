package io.visage.embedding.faceapi;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.Point;
import io.visage.imaging.Images;
import io.visage.imaging.MatImage;

public class DlibFaceCropperTest {

    /** Eyes 40 px apart at y=100, mouth 60 px below their middle. */
    static final List<Point> FIVE = List.of(new Point(80, 100), new Point(120, 100), new Point(100, 130),
            new Point(85, 160), new Point(115, 160));

    @Test
    public void squareFollowsTheDlibRule() {
        double[] s = DlibFaceCropper.square(FIVE);
        double side = Math.hypot(20, 60) / 0.45;
        assertArrayEquals(new double[] {100 - 0.5 * side, (100 + 100 + 160) / 3.0 - 0.43 * side, side}, s, 1e-9);
    }

    @Test
    public void cropIs150SquareAndZeroOutsideTheImage() {
        DlibFaceCropper cropper = new DlibFaceCropper();
        Mat white = new Mat(200, 200, CvType.CV_8UC3, new Scalar(255, 255, 255));
        // Shifted so that the square leaves the image at the top left.
        List<Point> shifted = FIVE.stream().map(p -> new Point(p.x() - 70, p.y() - 70)).toList();
        try (FaceImage image = new MatImage(white);
             FaceImage crop = cropper.align(image, new FaceLandmarks(shifted, shifted))) {
            assertEquals(150, crop.width());
            assertEquals(150, crop.height());
            Mat m = Images.mat(crop);
            assertEquals(0, m.get(0, 0)[0], 0);
            assertEquals(255, m.get(149, 149)[0], 0);
        }
    }

    /** The stage reads pixels through the image's named view: an image that is no MatImage works as well. */
    @Test
    public void readsAnyImageThatOffersAnOpenCvView() {
        Mat white = new Mat(200, 200, CvType.CV_8UC3, new Scalar(255, 255, 255));
        FaceImage foreign = new FaceImage() {
            @Override
            public int width() {
                return white.cols();
            }

            @Override
            public int height() {
                return white.rows();
            }

            @Override
            public <T> Optional<T> view(Class<T> type) {
                return type.isInstance(white) ? Optional.of(type.cast(white)) : Optional.empty();
            }

            @Override
            public void close() {
                white.release();
            }
        };
        try (foreign; FaceImage crop = new DlibFaceCropper().align(foreign, new FaceLandmarks(FIVE, FIVE))) {
            assertEquals(150, crop.width());
            assertEquals(255, Images.mat(crop).get(75, 75)[0], 0);
        }
    }
}
