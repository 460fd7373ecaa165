package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import io.visage.api.RequestRefusedException;
import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.Point;
import io.visage.api.quality.QualityMeasure;
import io.visage.api.quality.QualityMeasures;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.EndpointFamily;

/** A selfie's probe: with the enrolment quality gate on, the landmarks are located once for gate and embedding. */
public class ProbesTest {
    private static final ApiUser TENANT = new ApiUser(7, "acme", true, EnumSet.allOf(EndpointFamily.class),
            Instant.EPOCH);

    private final AtomicInteger landmarkRuns = new AtomicInteger();
    private final AtomicInteger assessed = new AtomicInteger();
    private FaceLandmarks locatedLast;
    private FaceLandmarks assessedWith;
    private FaceLandmarks alignedWith;

    private Probes probes(double minimumSharpness) {
        FaceEmbedder embedder = new FaceEmbedder() {
            @Override
            public FaceTemplate embed(FaceImage alignedFace) {
                return embed(alignedFace, FakeStages.MODEL + ":" + FakeStages.VERSION);
            }

            @Override
            public FaceTemplate embed(FaceImage alignedFace, String modelKey) {
                return new FaceTemplate(FakeStages.vector(((FakeStages.Image) alignedFace).person()),
                        FakeStages.MODEL, FakeStages.VERSION);
            }

            @Override
            public List<String> modelKeys() {
                return List.of(FakeStages.MODEL + ":" + FakeStages.VERSION);
            }
        };
        FacePipeline pipeline = new FacePipeline(
                encoded -> new FakeStages.Image(new String(encoded, StandardCharsets.UTF_8)),
                image -> List.of(new DetectedFace(new Box(20, 20, 80, 80), 0.99)),
                (width, height, face) -> face == null ? CaptureState.NO_FACE : CaptureState.ADEQUATE,
                (image, face) -> {
                    landmarkRuns.incrementAndGet();
                    locatedLast = new FaceLandmarks(List.of(), List.of(new Point(40, 40), new Point(60, 40),
                            new Point(50, 50), new Point(42, 62), new Point(58, 62)));
                    return locatedLast;
                },
                (image, landmarks) -> {
                    alignedWith = landmarks;
                    return new FakeStages.Image(((FakeStages.Image) image).content());
                },
                embedder, null).withQuality((image, face, landmarks, allFaces) -> {
                    assessed.incrementAndGet();
                    assessedWith = landmarks;
                    Map<QualityMeasure, Double> raw = new EnumMap<>(QualityMeasure.class);
                    for (QualityMeasure m : QualityMeasure.values()) {
                        raw.put(m, 0.8);
                    }
                    return QualityMeasures.of(raw);
                });
        GallerySettings settings = new GallerySettings(0, 0, 100,
                minimumSharpness > 0 ? Map.of("sharpness", minimumSharpness) : Map.of());
        return new Probes(pipeline, new InMemoryStorage(), () -> settings);
    }

    @Test
    public void theQualityGateAndTheEmbeddingShareOneLandmarkRun() {
        Probes.Probe probe = probes(0.5).forTenant(TENANT, FakeStages.face("penny"), false, true);

        assertEquals(1, landmarkRuns.get());
        assertEquals(1, assessed.get());
        assertTrue("the same landmarks for both", assessedWith == locatedLast && alignedWith == locatedLast);
        assertEquals(FakeStages.MODEL, probe.template().modelName());
    }

    @Test
    public void aFaceBelowTheGateIsStillRefused() {
        Probes gated = probes(0.9);

        assertThrows(RequestRefusedException.class,
                () -> gated.forTenant(TENANT, FakeStages.face("penny"), false, true));
        assertEquals(1, landmarkRuns.get());
    }

    @Test
    public void withoutTheGateNoQualityIsMeasured() {
        probes(0).forTenant(TENANT, FakeStages.face("penny"), false, false);

        assertEquals(1, landmarkRuns.get());
        assertEquals(0, assessed.get());
    }
}
