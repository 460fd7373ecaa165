package io.visage.liveness.fr;

import io.visage.imaging.testing.TestData;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.LivenessResult;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.imaging.Images;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

public class FrLivenessDetectorTest {

    private static OpenCvImageDecoder decoder;
    private static FrFaceDetector detector;
    private static FrLivenessDetector liveness;

    @BeforeClass
    public static void setUp() throws Exception {
        OrtSessionFactory sessions = new OrtSessionFactory(1, 1);
        decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, sessions);
        detector.bindModel(ClassPathModels.get("fr_detect"));
        liveness = new FrLivenessDetector(FrLivenessDetector.Settings.DEFAULT, sessions);
        liveness.bindModel(ClassPathModels.get("fr_liveness"));
    }

    @Test
    public void liveSamplesScoreAboveSpoofSamples() {
        List<Double> live = new ArrayList<>();
        List<Double> spoof = new ArrayList<>();
        for (String[] row : TestData.csv("liveness_labels.csv")) {
            LivenessResult result = check(row[0]);
            (row[1].equals("live") ? live : spoof).add(result.score());
            assertEquals(row[0], row[1].equals("live"), result.live());
            assertEquals("fr_liveness", result.modelName());
        }
        assertEquals(3, live.size());
        assertEquals(3, spoof.size());
        double worstLive = live.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double bestSpoof = spoof.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue("live " + live + " vs spoof " + spoof, worstLive > bestSpoof);
    }

    @Test
    public void aFailedCheckHintsAtAnOverexposedBackground() {
        try (FaceImage image = decoder.decode(TestData.read("liveness/spoof/sfas__image_F1.jpg"))) {
            DetectedFace face = best(image);
            LivenessResult plain = liveness.check(image, face);
            assertFalse(plain.live());
            assertEquals(LivenessResult.GENERIC_FAILURE, plain.message());
            // Everything but the face box burnt out white, as with a window behind the subject.
            Mat mat = Images.mat(image);
            Box b = face.box();
            Mat mask = new Mat(mat.size(), org.opencv.core.CvType.CV_8UC1, Scalar.all(255));
            Imgproc.rectangle(mask, new Rect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height()).tl(),
                    new Rect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height()).br(), Scalar.all(0), -1);
            mat.setTo(Scalar.all(255), mask);
            mask.release();
            LivenessResult bright = liveness.check(image, face);
            assertFalse(bright.live());
            assertEquals(LivenessResult.HINT_BACKGROUND_LIGHT, bright.message());
        }
    }

    @Test
    public void aLiveResultHasNoMessageAndTwoImagesCombineToTheWeaker() {
        LivenessResult live = check("liveness/live/sfas__image_T1.jpg");
        LivenessResult spoof = check("liveness/spoof/sfas__image_F1.jpg");
        assertTrue(live.live());
        assertNull(live.message());
        assertEquals(0.3, live.threshold(), 0);
        assertEquals(spoof, LivenessResult.combine(live, spoof));
        assertEquals(spoof, LivenessResult.combine(spoof, live));
        assertEquals(live, LivenessResult.combine(live, null));
    }

    @Test
    public void theCropGrowsTheBoxAndStaysInsideTheImage() {
        Rect r = FrLivenessDetector.cropRegion(new Box(200, 200, 300, 320), 1000, 1000, 2.7);
        assertEquals(270, r.width);
        assertEquals(324, r.height);
        Rect shrunk = FrLivenessDetector.cropRegion(new Box(10, 10, 110, 130), 200, 200, 2.7);
        assertTrue(shrunk.x >= 0 && shrunk.y >= 0 && shrunk.x + shrunk.width <= 200 && shrunk.y + shrunk.height <= 200);
    }

    private static LivenessResult check(String path) {
        try (FaceImage image = decoder.decode(TestData.read(path))) {
            return liveness.check(image, best(image));
        }
    }

    private static DetectedFace best(FaceImage image) {
        return DetectedFace.mostRelevant(detector.detect(image), image.width(), image.height()).orElseThrow();
    }
}
