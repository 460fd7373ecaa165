package io.visage.detection.fr;

import io.visage.imaging.testing.TestData;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opencv.core.Mat;

import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.imaging.Images;
import io.visage.imaging.MatImage;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

/**
 * The capture checks behind the real detector, on the labelled images and on captures re-framed from them
 * ({@link Reframing}) in a 480x640 phone frame. Figures in ACCURACY.md, "Capture guidance on re-framed captures".
 */
public class CaptureGuidanceTest {

    private static final int W = 480;
    private static final int H = 640;
    /** The kinds of the manifest that are single-face photos. */
    private static final Set<String> PHOTOS = Set.of("face", "live", "spoof", "resolution_variant",
            "single_unlabelled", "partial_or_odd", "face_reflection");

    private static OpenCvImageDecoder decoder;
    private static FrFaceDetector detector;
    /** The detector and the checks as they were before issue 18: one pass, no height rule. */
    private static FrFaceDetector singlePass;
    private static final GeometricCaptureChecker CHECKER =
            new GeometricCaptureChecker(GeometricCaptureChecker.Thresholds.DEFAULT);
    private static final GeometricCaptureChecker WIDTH_ONLY = new GeometricCaptureChecker(
            new GeometricCaptureChecker.Thresholds(true, 0.97, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0.15, 60, 0.25, 0.35));
    /** The labelled faces with the face the single pass finds in them. */
    private static Map<String, Box> faces;

    @BeforeClass
    public static void setUp() throws Exception {
        decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, new OrtSessionFactory(1, 1));
        detector.bindModel(ClassPathModels.get("fr_detect"));
        singlePass = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT.singlePass(), new OrtSessionFactory(1, 1));
        singlePass.bindModel(ClassPathModels.get("fr_detect"));
        faces = new LinkedHashMap<>();
        for (String[] row : TestData.csv("manifest.csv")) {
            if (row[2].equals("face")) {
                try (FaceImage image = decoder.decode(TestData.read(row[0]))) {
                    mostRelevant(singlePass, image).ifPresent(f -> faces.put(row[0], f.box()));
                }
            }
        }
    }

    @AfterClass
    public static void tearDown() {
        if (detector != null) {
            detector.deactivate();
            singlePass.deactivate();
        }
    }

    @Test
    public void labelledPhotosKeepTheirCaptureState() {
        List<String> changed = new ArrayList<>();
        int adequate = 0;
        for (String[] row : TestData.csv("manifest.csv")) {
            if (!PHOTOS.contains(row[2])) {
                continue;
            }
            try (FaceImage image = decoder.decode(TestData.read(row[0]))) {
                CaptureState before = WIDTH_ONLY.assess(image.width(), image.height(),
                        mostRelevant(singlePass, image).orElse(null));
                CaptureState now = CHECKER.assess(image.width(), image.height(),
                        mostRelevant(detector, image).orElse(null));
                if (before != now) {
                    changed.add(row[0] + " " + before.code() + " -> " + now.code());
                }
                adequate += now.adequate() ? 1 : 0;
            }
        }
        assertEquals("capture states changed (tight 150 px crops included)", List.of(), changed);
        assertTrue("adequate labelled photos: " + adequate, adequate >= 40);
    }

    @Test
    public void faceOverflowingThePortraitFrameIsTooClose() {
        // Measured 50 of 50 (one pass and the width rule alone: 32; the height rule alone: 47).
        assertMostAre(CaptureState.TOO_CLOSE, 1.05, 0, 1);
    }

    @Test
    public void faceOverflowingThePortraitFrameOffCentreIsTooClose() {
        // The face's centre 0.15 of the width right of the middle: measured 49 of 50 (before: 0; the height rule
        // alone: 44).
        assertMostAre(CaptureState.TOO_CLOSE, 1.05, 0.15, 2);
    }

    @Test
    public void faceFarWiderThanTheFrameIsTooClose() {
        // 120 % of the frame width: the detector sees part of the face; measured 51 of 53 (before: 40, the other
        // two no face and descentralized).
        assertMostAre(CaptureState.TOO_CLOSE, 1.2, 0, 3);
    }

    /**
     * Re-framings of the labelled faces whose frame lies inside the photo (nothing made up by repeated edges):
     * at most {@code allowedMisses} of them (and at least 40 re-framed) in another state than {@code expected}.
     */
    private static void assertMostAre(CaptureState expected, double widthRatio, double offsetX, int allowedMisses) {
        int framed = 0;
        List<String> missed = new ArrayList<>();
        for (Map.Entry<String, Box> face : faces.entrySet()) {
            try (FaceImage source = decoder.decode(TestData.read(face.getKey()))) {
                if (!Reframing.frameInside(source.width(), source.height(), face.getValue(), widthRatio, W, H)) {
                    continue;
                }
                framed++;
                CaptureState state = assessFramed(source, face.getValue(), widthRatio, offsetX);
                if (state != expected) {
                    missed.add(face.getKey() + " " + state.code());
                }
            }
        }
        assertTrue("re-framed portraits: " + framed, framed >= 40);
        assertTrue("not " + expected.code() + " at " + widthRatio + " of the frame width, offset " + offsetX + ": "
                + missed, missed.size() <= allowedMisses);
    }

    @Test
    public void faceOfHalfTheFrameWidthIsAdequateWherever() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Box> face : faces.entrySet()) {
            try (FaceImage source = decoder.decode(TestData.read(face.getKey()))) {
                CaptureState state = assessFramed(source, face.getValue(), 0.6, 0);
                if (state != CaptureState.ADEQUATE) {
                    wrong.add(face.getKey() + " " + state.code());
                }
            }
        }
        assertEquals("faces at 0.6 of the frame width", List.of(), wrong);
    }

    @Test
    public void smallFaceInALargeFrameIsTooFarNotNoFace() {
        List<String> missed = new ArrayList<>();
        int singlePassFound = 0;
        for (Map.Entry<String, Box> face : faces.entrySet()) {
            try (FaceImage source = decoder.decode(TestData.read(face.getKey()))) {
                // 7 % of 480 px: about 34 px, 13 px at the first pass's 320x240.
                Mat framed = Reframing.frame(Images.mat(source), face.getValue(), 0.07, 0, W, H);
                try (FaceImage capture = new MatImage(framed)) {
                    singlePassFound += mostRelevant(singlePass, capture).isPresent() ? 1 : 0;
                    DetectedFace found = mostRelevant(detector, capture).orElse(null);
                    CaptureState state = CHECKER.assess(W, H, found);
                    Box expected = Reframing.framedBox(face.getValue(), 0.07, 0, W, H);
                    if (state != CaptureState.TOO_FAR || found.box().iou(expected) < 0.3) {
                        missed.add(face.getKey() + " " + state.code());
                    }
                }
            }
        }
        // Measured 73 of 73 too far with the face's box (the single pass finds 48; a second pass at twice the
        // first's resolution without enlarging the frame: 66).
        assertTrue("second pass found nothing more: " + singlePassFound + " vs " + (faces.size() - missed.size()),
                faces.size() - missed.size() > singlePassFound);
        assertTrue("not too far at 7 % of the frame width: " + missed, missed.size() <= 2);
    }

    private static CaptureState assessFramed(FaceImage source, Box face, double widthRatio, double offsetX) {
        Mat framed = Reframing.frame(Images.mat(source), face, widthRatio, offsetX, W, H);
        try (FaceImage capture = new MatImage(framed)) {
            return CHECKER.assess(W, H, mostRelevant(detector, capture).orElse(null));
        }
    }

    private static java.util.Optional<DetectedFace> mostRelevant(FrFaceDetector d, FaceImage image) {
        return DetectedFace.mostRelevant(d.detect(image), image.width(), image.height());
    }
}
