package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.analysis.LivenessDetection;
import io.visage.api.face.FaceError;
import io.visage.api.history.HistoryQuery;
import io.visage.api.tenant.EndpointFamily;

public class JdbcLivenessStoreTest {
    private TestDatabase db;
    private JdbcLivenessStore store;
    private long acme;
    private long other;

    @Before
    public void setUp() throws Exception {
        db = new TestDatabase();
        JdbcApiUserStore users = new JdbcApiUserStore(db);
        acme = users.insert("acme", "h", EndpointFamily.all()).user().id();
        other = users.insert("other", "h", EndpointFamily.all()).user().id();
        store = new JdbcLivenessStore(db);
        store.insert(acme, detection("k1", 1_000_000L, 200), List.of(new byte[] {1, 2, 3}));
        store.insert(acme, detection("k2", 2_000_000L, 403), List.of());
        store.insert(acme, detection("k3", 3_000_000L, 200), List.of(new byte[] {4}, new byte[] {5}));
        store.insert(other, detection("k4", 1_500_000L, 200), List.of(new byte[] {6}));
    }

    private static LivenessDetection detection(String key, long ms, int status) {
        return new LivenessDetection(key, Instant.ofEpochMilli(ms), status, status == 200 ? "Live person detected."
                : "Please try to avoid excessive light in the background.", status == 200 ? 0.99 : 0.01, 0.3);
    }

    private List<String> keys(HistoryQuery q) {
        return store.query(acme, q).stream().map(LivenessDetection::detectionKey).collect(Collectors.toList());
    }

    @Test
    public void historyIsPerTenantOldestFirstWithAllFields() {
        assertEquals(List.of("k1", "k2", "k3"), keys(HistoryQuery.all()));
        LivenessDetection failed = store.query(acme, HistoryQuery.all()).get(1);
        assertEquals(403, failed.status());
        assertEquals(0.01, failed.score(), 1e-12);
        assertEquals(0.3, failed.threshold(), 1e-12);
        assertEquals(Instant.ofEpochMilli(2_000_000L), failed.date());
        assertEquals(List.of("k4"), store.query(other, HistoryQuery.all()).stream()
                .map(LivenessDetection::detectionKey).collect(Collectors.toList()));
    }

    @Test
    public void filtersByKeyDateWindowAndLimit() {
        assertEquals(List.of("k2"), keys(new HistoryQuery(Optional.of("k2"), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty())));
        assertEquals(List.of(), keys(new HistoryQuery(Optional.of("k4"), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty())));
        assertEquals(List.of("k2", "k3"), keys(new HistoryQuery(Optional.empty(), Optional.empty(),
                Optional.of(Instant.ofEpochMilli(2_000_000L)), Optional.empty(), OptionalInt.empty(), Optional.empty())));
        assertEquals(List.of("k1"), keys(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Instant.ofEpochMilli(2_000_000L)), OptionalInt.of(5), Optional.empty())));
        assertEquals(List.of("k1", "k2"), keys(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.of(2), Optional.empty())));
    }

    @Test
    public void captureRefusalsAreStoredWithTheirErrorBesideJudgedDetections() {
        store.insert(acme, LivenessDetection.refused("k5", Instant.ofEpochMilli(4_000_000L), FaceError.FACE_TOO_CLOSE),
                List.of(new byte[] {7}));
        store.insert(acme, LivenessDetection.refused("k6", Instant.ofEpochMilli(5_000_000L), FaceError.NO_FACE),
                List.of());
        List<LivenessDetection> all = store.query(acme, HistoryQuery.all());
        assertEquals(List.of("k1", "k2", "k3", "k5", "k6"),
                all.stream().map(LivenessDetection::detectionKey).collect(Collectors.toList()));
        assertEquals(Optional.empty(), all.get(1).refusal());
        assertEquals(403, all.get(1).status());
        assertEquals(Optional.of(FaceError.FACE_TOO_CLOSE), all.get(3).refusal());
        assertEquals(Instant.ofEpochMilli(4_000_000L), all.get(3).date());
        assertEquals(Optional.of(FaceError.NO_FACE), all.get(4).refusal());
        assertEquals(List.of("k6"), keys(new HistoryQuery(Optional.of("k6"), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty())));
    }

    @Test
    public void migrationSixKeepsEarlierDetectionsAsJudged() throws Exception {
        TestDatabase old = new TestDatabase(TestDatabase.isPostgresql(), false);
        try (Connection c = old.open()) {
            assertEquals(5, Migrations.migrate(c, 5));
        }
        long tenant = new JdbcApiUserStore(old).insert("acme", "h", EndpointFamily.all()).user().id();
        try (Connection c = old.open(); PreparedStatement ps = c.prepareStatement("INSERT INTO liveness_detections "
                + "(tenant_id, detection_key, created_ms, status, message, score, threshold) "
                + "VALUES (?, 'before', 1000, 403, 'Please try to avoid excessive light in the background.', 0.01, 0.3)")) {
            ps.setLong(1, tenant);
            ps.executeUpdate();
        }
        try (Connection c = old.open()) {
            assertEquals(Migrations.SCRIPTS.size(), Migrations.migrate(c));
        }
        JdbcLivenessStore migrated = new JdbcLivenessStore(old);
        migrated.insert(tenant, LivenessDetection.refused("after", Instant.ofEpochMilli(2000), FaceError.FACE_TOO_FAR),
                List.of());
        List<LivenessDetection> all = migrated.query(tenant, HistoryQuery.all());
        assertEquals(2, all.size());
        assertEquals(new LivenessDetection("before", Instant.ofEpochMilli(1000), 403,
                "Please try to avoid excessive light in the background.", 0.01, 0.3), all.get(0));
        assertEquals(Optional.of(FaceError.FACE_TOO_FAR), all.get(1).refusal());
    }

    @Test
    public void onlyCaptureCheckErrorsAreRefusals() {
        for (FaceError error : List.of(FaceError.NO_FACE, FaceError.FACE_TOO_CLOSE, FaceError.FACE_TOO_FAR,
                FaceError.FACE_NOT_CENTRED, FaceError.WRONG_ORIENTATION)) {
            assertTrue(error.name(), LivenessDetection.isCaptureRefusal(error));
        }
        for (FaceError error : List.of(FaceError.IMAGE_WRONG_FORMAT, FaceError.IMAGE_CORRUPTED,
                FaceError.IMAGE_INVALID, FaceError.STAGE_UNAVAILABLE)) {
            assertFalse(error.name(), LivenessDetection.isCaptureRefusal(error));
            assertThrows(IllegalArgumentException.class,
                    () -> LivenessDetection.refused("x", Instant.EPOCH, error));
        }
    }

    @Test
    public void imagesAreSavedWithTheirTransactionOnly() throws Exception {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM images WHERE tenant_id = ?")) {
            ps.setLong(1, acme);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(3, rs.getInt(1));
            }
        }
    }
}
