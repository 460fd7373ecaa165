package io.visage.embedding.fr;

import io.visage.imaging.testing.TestData;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Test;

import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceTemplate;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.landmarks.fr.FrFaceLandmarker;
import io.visage.landmarks.fr.SimilarityFaceAligner;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

public class FrFaceEmbedderTest {

    private static OpenCvImageDecoder decoder;
    private static FrFaceDetector detector;
    private static FrFaceLandmarker landmarker;
    private static SimilarityFaceAligner aligner;
    private static FrFaceEmbedder embedder;
    private static final Map<String, FaceTemplate> TEMPLATES = new HashMap<>();

    @BeforeClass
    public static void setUp() throws Exception {
        OrtSessionFactory sessions = new OrtSessionFactory(1, 1);
        decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, sessions);
        detector.bindModel(ClassPathModels.get("fr_detect"));
        landmarker = new FrFaceLandmarker(sessions);
        landmarker.bindModel(ClassPathModels.get("fr_landmark"));
        aligner = new SimilarityFaceAligner();
        embedder = new FrFaceEmbedder(sessions);
        embedder.bindModel(ClassPathModels.get("fr_feature"), java.util.Map.of("service.id", 1L));
    }

    @Test
    public void aModelMarkedMirrorAveragesTheCropAndItsMirrorImage() throws Exception {
        FrFaceEmbedder mirroring = new FrFaceEmbedder(new OrtSessionFactory(1, 1));
        mirroring.bindModel(ClassPathModels.get("fr_feature"),
                Map.of("service.id", 2L, FrFaceEmbedder.AUGMENT, FrFaceEmbedder.MIRROR));
        try (FaceImage image = decoder.decode(TestData.read("faces/bbt_amy/faceapi__amy1.png"))) {
            DetectedFace face = detector.detect(image).get(0);
            try (FaceImage crop = aligner.align(image, landmarker.locate(image, face))) {
                org.opencv.core.Mat flipped = new org.opencv.core.Mat();
                org.opencv.core.Core.flip(io.visage.imaging.Images.mat(crop), flipped, 1);
                try (FaceImage mirror = new io.visage.imaging.MatImage(flipped)) {
                    FaceTemplate plain = embedder.embed(crop);
                    FaceTemplate both = mirroring.embed(crop);
                    // The same template whichever way round the crop comes, and not the plain one.
                    assertEquals(1.0, both.similarity(mirroring.embed(mirror)), 1e-5);
                    assertTrue(plain.similarity(both) < 0.9999);
                    assertTrue(plain.similarity(both) > 0.8);
                    assertEquals(1.0, plain.similarity(plain), 1e-5);
                }
            }
        } finally {
            mirroring.deactivate();
        }
    }

    @Test
    public void templatesAreNormalisedAndKnowTheirModel() {
        FaceTemplate t = template("faces/bbt_amy/faceapi__amy1.png");
        assertEquals(512, t.dimension());
        double norm = 0;
        for (float v : t.vector()) {
            norm += v * v;
        }
        assertEquals(1.0, norm, 1e-4);
        assertEquals("fr_feature", t.modelName());
        assertEquals("0.0.1", t.modelVersion());
        assertEquals(1.0, t.similarity(t), 1e-5);
    }

    @Test
    public void sameIdentityIsMoreSimilarThanDifferentIdentities() {
        int genuineBelowImpostor = 0;
        int checked = 0;
        for (String[] pair : TestData.csv("pairs_verification.csv")) {
            if (!pair[0].startsWith("faces/bbt_") || !pair[2].equals("1")) {
                continue;
            }
            double genuine = template(pair[0]).similarity(template(pair[1]));
            for (String other : new String[] {"faces/bbt_penny/faceapi__penny1.png",
                    "faces/bbt_howard/faceapi__howard1.png", "faces/df_a/deepface__img1.jpg"}) {
                if (other.split("/")[1].equals(pair[3])) {
                    continue;
                }
                checked++;
                if (genuine <= template(pair[0]).similarity(template(other))) {
                    genuineBelowImpostor++;
                }
            }
        }
        assertTrue(checked > 50);
        assertEquals("genuine pairs scoring below an impostor", 0, genuineBelowImpostor);
        double same = template("faces/fr_obama/facerec__obama.jpg").similarity(template("faces/fr_obama/facerec__obama2.jpg"));
        double different = template("faces/fr_obama/facerec__obama.jpg")
                .similarity(template("faces/fr_rose_leslie/facerec__rose_img2.jpg"));
        assertTrue(same + " vs " + different, same > 0.4 && different < 0.25);
    }

    @Test
    public void templatesOfDifferentModelsAreNeverCompared() {
        FaceTemplate t = template("faces/bbt_amy/faceapi__amy1.png");
        FaceTemplate other = new FaceTemplate(t.vector(), "fr_feature", "0.0.2");
        try {
            t.similarity(other);
            fail("different model versions compared");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("0.0.2"));
        }
    }

    private static FaceTemplate template(String path) {
        return TEMPLATES.computeIfAbsent(path, p -> {
            try (FaceImage image = decoder.decode(TestData.read(p))) {
                DetectedFace face = DetectedFace.mostRelevant(detector.detect(image), image.width(), image.height())
                        .orElseThrow();
                try (FaceImage aligned = aligner.align(image, landmarker.locate(image, face))) {
                    return embedder.embed(aligned);
                }
            }
        });
    }
}
