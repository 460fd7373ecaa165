package io.visage.quality;

import io.visage.imaging.testing.TestData;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.RotatedRect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.quality.QualityMeasure;
import io.visage.api.quality.QualityMeasures;
import io.visage.imaging.Images;
import io.visage.imaging.MatImage;

/** Controlled variations of real photos (derived here, never stored) move the measures the right way. */
public class IsoQualityAssessorTest {

    private static final String FRONTAL = "faces/fr_obama/facerec__obama1.jpg";
    private static Pipeline pipeline;

    @BeforeClass
    public static void setUp() throws Exception {
        TestData.dir();
        pipeline = new Pipeline();
    }

    @Test
    public void allMeasuresInTheSeedsOrderAndRanges() {
        QualityMeasures q = assess(FRONTAL, null);
        List<String> keys = new ArrayList<>(q.asMap().keySet());
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        assertEquals(22, keys.size());
        assertEquals(sorted, keys);
        for (Map.Entry<String, Double> e : q.asMap().entrySet()) {
            boolean unbounded = e.getKey().startsWith("head_pose_") || e.getKey().equals("inter_eye_distance");
            assertTrue(e.toString(), unbounded || (e.getValue() >= 0 && e.getValue() <= 1));
        }
        assertEquals(1, q.get(QualityMeasure.SINGLE_FACE_PRESENT), 0);
        assertTrue(q.toString(), q.get(QualityMeasure.INTER_EYE_DISTANCE) > 100);
        assertTrue(q.toString(), q.get(QualityMeasure.EYES_OPEN) > 0.5);
        assertTrue(q.toString(), q.get(QualityMeasure.MOUTH_CLOSED) > 0.9);
        assertTrue(q.toString(), Math.abs(q.get(QualityMeasure.HEAD_POSE_ROLL)) < 10);
    }

    @Test
    public void aDarkerCopyHasLowerLuminanceAndMoreUnderExposure() {
        QualityMeasures original = assess(FRONTAL, null);
        QualityMeasures darker = assess(FRONTAL, m -> m.convertTo(m, -1, 0.3, 0));
        assertTrue(darker + " vs " + original,
                darker.get(QualityMeasure.LUMINANCE_MEAN) < original.get(QualityMeasure.LUMINANCE_MEAN) - 0.2);
        assertTrue(darker + " vs " + original, darker.get(QualityMeasure.UNDER_EXPOSURE_PREVENTION)
                < original.get(QualityMeasure.UNDER_EXPOSURE_PREVENTION) - 0.2);
        assertTrue(darker.toString(), darker.get(QualityMeasure.DYNAMIC_RANGE)
                < original.get(QualityMeasure.DYNAMIC_RANGE));
    }

    @Test
    public void aBrighterCopyHasMoreOverExposure() {
        QualityMeasures original = assess(FRONTAL, null);
        QualityMeasures brighter = assess(FRONTAL, m -> m.convertTo(m, -1, 2.2, 40));
        assertTrue(brighter.toString(), brighter.get(QualityMeasure.OVER_EXPOSURE_PREVENTION)
                < original.get(QualityMeasure.OVER_EXPOSURE_PREVENTION) - 0.2);
    }

    @Test
    public void aBlurredCopyIsLessSharp() {
        QualityMeasures original = assess(FRONTAL, null);
        QualityMeasures blurred = assess(FRONTAL, m -> Imgproc.GaussianBlur(m, m, new Size(0, 0), m.cols() / 150.0));
        assertTrue(blurred + " vs " + original,
                blurred.get(QualityMeasure.SHARPNESS) < original.get(QualityMeasure.SHARPNESS) - 0.3);
    }

    @Test
    public void rollFollowsAnInPlaneRotation() {
        double upright = assess(FRONTAL, null).get(QualityMeasure.HEAD_POSE_ROLL);
        for (double angle : new double[] {-20, 20}) {
            double roll = assess(FRONTAL, m -> rotate(m, angle)).get(QualityMeasure.HEAD_POSE_ROLL);
            // OpenCV turns counter-clockwise for positive angles; the model's roll grows clockwise.
            assertEquals("rotated by " + angle + ": roll " + roll + ", upright " + upright, -angle, roll - upright, 8);
        }
    }

    @Test
    public void twoFacesAreNotASingleFace() {
        QualityMeasures two = assess("groups/facerec__two_people.jpg", null);
        assertEquals(0, two.get(QualityMeasure.SINGLE_FACE_PRESENT), 0);
        DetectedFace face = new DetectedFace(new Box(0, 0, 100, 100), 1);
        DetectedFace tiny = new DetectedFace(new Box(300, 0, 320, 20), 1);
        DetectedFace similar = new DetectedFace(new Box(300, 0, 390, 90), 1);
        IsoQualityAssessor.Settings s = IsoQualityAssessor.Settings.DEFAULT;
        assertEquals(1, IsoQualityAssessor.singleFacePresent(face, List.of(face, tiny), s), 0);
        assertEquals(0, IsoQualityAssessor.singleFacePresent(face, List.of(face, similar), s), 0);
    }

    @Test
    public void aFlatBackgroundIsMoreUniformThanAClutteredOne() {
        QualityMeasures flat = assess(FRONTAL, m -> paintBackground(m, false));
        QualityMeasures cluttered = assess(FRONTAL, m -> paintBackground(m, true));
        assertTrue(flat + " vs " + cluttered, flat.get(QualityMeasure.BACKGROUND_UNIFORMITY)
                > cluttered.get(QualityMeasure.BACKGROUND_UNIFORMITY) + 0.3);
        assertTrue(flat.toString(), flat.get(QualityMeasure.BACKGROUND_UNIFORMITY) > 0.7);
    }

    @Test
    public void squintingEyesAndAnOpenMouthScoreLow() {
        assertTrue(assess("faces/bbt_leonard/faceapi__leonard4.png", null).get(QualityMeasure.EYES_OPEN) < 0.5);
        assertTrue(assess("faces/bbt_leonard/faceapi__leonard2.png", null).get(QualityMeasure.EYES_OPEN) > 0.5);
        QualityMeasures fearful = assess("unlabelled/faceapi__fearful.jpg", null);
        QualityMeasures angry = assess("unlabelled/faceapi__angry.jpg", null);
        assertTrue(fearful.toString(), fearful.get(QualityMeasure.MOUTH_CLOSED) < 0.6);
        assertTrue(angry.toString(), angry.get(QualityMeasure.MOUTH_CLOSED) > 0.9);
        assertTrue(fearful.toString(), fearful.get(QualityMeasure.EXPRESSION_NEUTRALITY)
                < assess(FRONTAL, null).get(QualityMeasure.EXPRESSION_NEUTRALITY));
        QualityMeasures smiling = assess("faces/fr_obama/facerec__obama.jpg", null);
        assertTrue(smiling.toString(), smiling.get(QualityMeasure.EXPRESSION_NEUTRALITY) < 0.5);
    }

    @Test
    public void aFaceCutByTheImageBorderIsPartlyOccluded() {
        QualityMeasures whole = assess(FRONTAL, null);
        QualityMeasures cut = assess("faces/fr_obama/facerec__obama_partial_face.jpg", null);
        assertTrue(cut.toString(), cut.get(QualityMeasure.FACE_OCCLUSION_PREVENTION)
                < whole.get(QualityMeasure.FACE_OCCLUSION_PREVENTION));
    }

    @Test
    public void aGateComparesMinimumsAndAngleLimits() {
        QualityMeasures q = assess(FRONTAL, null);
        assertTrue(q.meets(Map.of("sharpness", 0.1, "head_pose_yaw", 45.0)));
        assertTrue(!q.meets(Map.of("head_pose_yaw", 1.0)));
        assertTrue(!q.meets(Map.of("no_such_measure", 0.0)));
    }

    private interface Edit {
        void apply(Mat bgr);
    }

    private static QualityMeasures assess(String path, Edit edit) {
        try (FaceImage image = pipeline.decoder.decode(TestData.read(path))) {
            if (edit != null) {
                edit.apply(Images.mat(image));
            }
            return pipeline.assess(image);
        }
    }

    private static void rotate(Mat m, double degrees) {
        Mat rotation = Imgproc.getRotationMatrix2D(new Point(m.cols() / 2.0, m.rows() / 2.0), degrees, 1);
        Mat out = new Mat();
        try {
            Imgproc.warpAffine(m, out, rotation, m.size(), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
            out.copyTo(m);
        } finally {
            rotation.release();
            out.release();
        }
    }

    /** Paints everything outside a generous ellipse around the head flat grey or as a fine checkerboard. */
    private void paintBackground(Mat m, boolean cluttered) {
        Pipeline.Detection d;
        try (FaceImage copy = new MatImage(m.clone())) {
            d = pipeline.detect(copy);
        }
        Box b = d.face().box();
        Mat head = Mat.zeros(m.size(), CvType.CV_8UC1);
        Mat paint = new Mat(m.size(), m.type(), new Scalar(170, 170, 170));
        try {
            Imgproc.ellipse(head, new RotatedRect(new Point(b.centre().x(), b.centre().y() - 0.15 * b.height()),
                    new Size(1.6 * b.width(), 2.2 * b.height()), 0), Scalar.all(255), -1);
            Imgproc.rectangle(head, new Point(b.x1() - 0.5 * b.width(), b.y2()), new Point(b.x2() + 0.5 * b.width(),
                    m.rows()), Scalar.all(255), -1);
            if (cluttered) {
                int cell = Math.max(2, (int) (b.width() / 20));
                for (int y = 0; y < m.rows(); y += cell) {
                    for (int x = (y / cell % 2) * cell; x < m.cols(); x += 2 * cell) {
                        Imgproc.rectangle(paint, new Point(x, y), new Point(x + cell - 1, y + cell - 1),
                                new Scalar(30, 60, 90), -1);
                    }
                }
            }
            Core.bitwise_not(head, head);
            paint.copyTo(m, head);
        } finally {
            head.release();
            paint.release();
        }
    }
}
