package io.visage.embedding.faceapi;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
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

    /** 68 points whose eye corners and nose base sit where a rotated, scaled, shifted dlib template puts them. */
    static List<Point> ibug68(double angle, double scale, double dx, double dy) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 68; i++) {
            points.add(new Point(100, 100));
        }
        double c = Math.cos(angle) * scale;
        double s = Math.sin(angle) * scale;
        for (int k = 0; k < 5; k++) {
            double x = DlibFaceCropper.FIVE_POINT_TEMPLATE[k][0];
            double y = DlibFaceCropper.FIVE_POINT_TEMPLATE[k][1];
            points.set(DlibFaceCropper.FIVE_POINT_IBUG[k], new Point(c * x - s * y + dx, s * x + c * y + dy));
        }
        return points;
    }

    @Test
    public void fivePointChipPutsTheEyeCornersAndNoseWhereDlibsTemplateDoes() {
        List<Point> points = ibug68(Math.toRadians(12), 80, 40, 30);
        FaceLandmarks landmarks = new FaceLandmarks(points, points.subList(0, 5));
        double[][][] pairs = DlibFaceCropper.correspondences(landmarks, DlibFaceCropper.Template.FIVE_POINT);
        double[] t = DlibFaceCropper.similarity(pairs[0], pairs[1]);
        // The template lies on the unit square, padded by 0.25 on each side of a 150 px chip: 100 px per unit.
        assertEquals(100.0 / 80, Math.hypot(t[0], t[1]), 1e-9);
        assertEquals(Math.toRadians(-12), Math.atan2(t[1], t[0]), 1e-9);
        for (int k = 0; k < 5; k++) {
            Point p = points.get(DlibFaceCropper.FIVE_POINT_IBUG[k]);
            double x = t[0] * p.x() - t[1] * p.y() + t[2];
            double y = t[1] * p.x() + t[0] * p.y() + t[3];
            assertEquals(25 + 100 * DlibFaceCropper.FIVE_POINT_TEMPLATE[k][0], x, 1e-9);
            assertEquals(25 + 100 * DlibFaceCropper.FIVE_POINT_TEMPLATE[k][1], y, 1e-9);
        }
    }

    @Test
    public void fivePointChipWarpsTheImage() {
        // A white dot at the nose base of a face rotated by 20 degrees ends up at the template's nose base.
        List<Point> points = ibug68(Math.toRadians(20), 120, 60, 20);
        Point nose = points.get(33);
        DlibFaceCropper cropper = new DlibFaceCropper();
        Mat black = new Mat(260, 260, CvType.CV_8UC3, Scalar.all(0));
        org.opencv.imgproc.Imgproc.circle(black, new org.opencv.core.Point(nose.x(), nose.y()), 3, Scalar.all(255), -1);
        try (FaceImage image = new MatImage(black);
             FaceImage chip = cropper.align(image, new FaceLandmarks(points, points.subList(0, 5)))) {
            assertEquals(150, chip.width());
            assertEquals(150, chip.height());
            Mat m = Images.mat(chip);
            int nx = (int) Math.round(25 + 100 * DlibFaceCropper.FIVE_POINT_TEMPLATE[4][0]);
            int ny = (int) Math.round(25 + 100 * DlibFaceCropper.FIVE_POINT_TEMPLATE[4][1]);
            assertEquals(255, m.get(ny, nx)[0], 60);
            assertEquals(0, m.get(20, 20)[0], 0);
        }
    }

    @Test
    public void meanFaceChipUsesNoseEyesAndUpperMouth() {
        List<Point> points = ibug68(0, 100, 0, 0);
        double[][][] pairs = DlibFaceCropper.correspondences(new FaceLandmarks(points, points.subList(0, 5)),
                DlibFaceCropper.Template.MEAN_FACE);
        assertEquals(28 + 5, pairs[0].length); // 27..54 and 60..64
    }

    @Test
    public void landmarksOtherThanIbug68FallBackToTheSquare() {
        assertNull(DlibFaceCropper.correspondences(new FaceLandmarks(FIVE, FIVE), DlibFaceCropper.Template.FIVE_POINT));
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
