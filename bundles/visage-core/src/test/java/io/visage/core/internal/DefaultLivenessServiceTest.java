package io.visage.core.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.Test;

import io.visage.api.analysis.LivenessDetection;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.LivenessStore;
import io.visage.api.tenant.ApiUser;

/** Every liveness transaction is stored: judged ones, and those a capture check refused; nothing else. */
public class DefaultLivenessServiceTest {
    private static final ApiUser ACME = GalleryFixture.tenant(1, "acme");

    private record Stored(long tenant, LivenessDetection detection, List<byte[]> images) {
    }

    private final List<Stored> stored = new ArrayList<>();
    private final DefaultLivenessService service = new DefaultLivenessService(FakeStages.pipeline(), new LivenessStore() {
        @Override
        public void insert(long tenantId, LivenessDetection detection, List<byte[]> images) {
            stored.add(new Stored(tenantId, detection, images));
        }

        @Override
        public List<LivenessDetection> query(long tenantId, HistoryQuery query) {
            return stored.stream().filter(s -> s.tenant() == tenantId).map(Stored::detection).toList();
        }
    });

    @Test
    public void judgedDetectionsAreStoredWithoutARefusal() {
        LivenessDetection live = service.detect(ACME, FakeStages.face("amy"), Optional.empty(), true);
        LivenessDetection spoof = service.detect(ACME, FakeStages.spoof("amy"), Optional.empty(), false);
        assertEquals(200, live.status());
        assertEquals(403, spoof.status());
        assertEquals(List.of(live, spoof), service.history(ACME, HistoryQuery.all()));
        assertFalse(live.refused());
        assertEquals(1, stored.get(0).images().size());
        assertEquals(0, stored.get(1).images().size());
    }

    @Test
    public void aRefusedCaptureIsStoredWithItsErrorAndStillRefused() {
        byte[] noFace = FakeStages.noFace();
        FaceException e = assertThrows(FaceException.class,
                () -> service.detect(ACME, noFace, Optional.empty(), true));
        assertEquals(FaceError.NO_FACE, e.error());
        List<LivenessDetection> history = service.history(ACME, HistoryQuery.all());
        assertEquals(1, history.size());
        LivenessDetection refused = history.get(0);
        assertTrue(refused.refused());
        assertEquals(Optional.of(FaceError.NO_FACE), refused.refusal());
        assertFalse(refused.detectionKey().isEmpty());
        // The images were accepted for processing: they are saved as for any request that asks for it.
        assertEquals(1, stored.get(0).images().size());
        assertArrayEquals(noFace, stored.get(0).images().get(0));
    }

    @Test
    public void aRefusedSecondImageRecordsTheRequestOnce() {
        assertThrows(FaceException.class,
                () -> service.detect(ACME, FakeStages.face("amy"), Optional.of(FakeStages.noFace()), false));
        List<LivenessDetection> history = service.history(ACME, HistoryQuery.all());
        assertEquals(1, history.size());
        assertEquals(Optional.of(FaceError.NO_FACE), history.get(0).refusal());
        assertEquals(0, stored.get(0).images().size());
    }

    @Test
    public void unreadableUploadsAreNotRecorded() {
        DefaultLivenessService corrupt = new DefaultLivenessService(FakeStages.pipeline(encoded -> {
            throw new FaceException(FaceError.IMAGE_CORRUPTED, "test");
        }), new LivenessStore() {
            @Override
            public void insert(long tenantId, LivenessDetection detection, List<byte[]> images) {
                stored.add(new Stored(tenantId, detection, images));
            }

            @Override
            public List<LivenessDetection> query(long tenantId, HistoryQuery query) {
                return List.of();
            }
        });
        FaceException e = assertThrows(FaceException.class, () -> corrupt.detect(ACME,
                "x".getBytes(StandardCharsets.UTF_8), Optional.empty(), true));
        assertEquals(FaceError.IMAGE_CORRUPTED, e.error());
        assertTrue(stored.isEmpty());
    }
}
