package io.visage.landmarks.fr;

import io.visage.imaging.testing.TestData;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;

import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.Point;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

public class LandmarksAndAlignmentTest {

    private static OpenCvImageDecoder decoder;
    private static FrFaceDetector detector;
    private static FrFaceLandmarker landmarker;
    /** The same stage on face-api's RGB 112x112 landmark net (three input channels). */
    private static FrFaceLandmarker faceApiLandmarker;
    private static SimilarityFaceAligner aligner;

    @BeforeClass
    public static void setUp() throws Exception {
        OrtSessionFactory sessions = new OrtSessionFactory(1, 1);
        decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, sessions);
        detector.bindModel(ClassPathModels.get("fr_detect"));
        landmarker = new FrFaceLandmarker(sessions);
        landmarker.bindModel(ClassPathModels.get("fr_landmark"));
        faceApiLandmarker = new FrFaceLandmarker(sessions);
        faceApiLandmarker.bindModel(ClassPathModels.get("faceapi_landmark68"));
        aligner = new SimilarityFaceAligner();
    }

    @Test
    public void similarityRecoversAKnownTransformByLeastSquares() {
        // Reference points rotated by 20 degrees, scaled by 3 and moved: the fit must invert exactly that.
        double angle = Math.toRadians(20);
        double s = 3;
        List<Point> points = new ArrayList<>();
        for (double[] r : SimilarityFaceAligner.REFERENCE) {
            points.add(new Point(s * (Math.cos(angle) * r[0] - Math.sin(angle) * r[1]) + 400,
                    s * (Math.sin(angle) * r[0] + Math.cos(angle) * r[1]) + 250));
        }
        double[] t = SimilarityFaceAligner.similarity(points);
        assertEquals(1 / s, Math.hypot(t[0], t[1]), 1e-9);
        assertEquals(-angle, Math.atan2(t[1], t[0]), 1e-9);
        for (int i = 0; i < 5; i++) {
            Point p = points.get(i);
            assertEquals(SimilarityFaceAligner.REFERENCE[i][0], t[0] * p.x() - t[1] * p.y() + t[2], 1e-6);
            assertEquals(SimilarityFaceAligner.REFERENCE[i][1], t[1] * p.x() + t[0] * p.y() + t[3], 1e-6);
        }
    }

    @Test
    public void landmarksAreAnatomicallyOrderedInsideTheFace() {
        assertAnatomicallyOrdered(landmarker);
    }

    @Test
    public void anRgbLandmarkModelIsFedThreeChannelsAndFindsTheFaceToo() {
        assertAnatomicallyOrdered(faceApiLandmarker);
    }

    private static void assertAnatomicallyOrdered(FrFaceLandmarker landmarker) {
        for (String path : List.of("faces/bbt_amy/faceapi__amy1.png", "faces/df_a/deepface__img1.jpg",
                "liveness/live/sfas__image_T1.jpg", "faces/fr_obama/facerec__obama.jpg")) {
            try (FaceImage image = decoder.decode(TestData.read(path))) {
                DetectedFace face = DetectedFace.mostRelevant(detector.detect(image), image.width(), image.height())
                        .orElseThrow();
                FaceLandmarks lm = landmarker.locate(image, face);
                assertEquals(68, lm.points().size());
                List<Point> five = lm.fivePoint();
                Box box = face.box();
                double slack = 0.15 * box.width();
                for (Point p : five) {
                    assertTrue(path + " " + p + " in " + box, p.x() > box.x1() - slack && p.x() < box.x2() + slack
                            && p.y() > box.y1() - slack && p.y() < box.y2() + slack);
                }
                assertTrue(path + " left eye left of right eye", five.get(0).x() < five.get(1).x());
                assertTrue(path + " eyes above nose", Math.max(five.get(0).y(), five.get(1).y()) < five.get(2).y());
                assertTrue(path + " nose above mouth", five.get(2).y() < Math.min(five.get(3).y(), five.get(4).y()));
            }
        }
    }

    @Test
    public void alignedFacesPutTheLandmarksOnTheReference() {
        for (String path : List.of("faces/df_h/deepface__img40.jpg", "faces/bbt_penny/faceapi__penny1.png")) {
            try (FaceImage image = decoder.decode(TestData.read(path))) {
                DetectedFace face = DetectedFace.mostRelevant(detector.detect(image), image.width(), image.height())
                        .orElseThrow();
                try (FaceImage aligned = aligner.align(image, landmarker.locate(image, face))) {
                    assertEquals(112, aligned.width());
                    assertEquals(112, aligned.height());
                    // Landmarks found again on the aligned crop lie near the reference points.
                    DetectedFace whole = new DetectedFace(new Box(8, 8, 104, 112), 1);
                    List<Point> again = landmarker.locate(aligned, whole).fivePoint();
                    for (int i = 0; i < 5; i++) {
                        double d = Math.hypot(again.get(i).x() - SimilarityFaceAligner.REFERENCE[i][0],
                                again.get(i).y() - SimilarityFaceAligner.REFERENCE[i][1]);
                        assertTrue(path + " point " + i + " off by " + d, d < 12);
                    }
                }
            }
        }
    }
}
