package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.analysis.LivenessDetection;
import io.visage.api.face.FaceError;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StorageCopy;
import io.visage.api.storage.StoredFace;
import io.visage.api.tenant.EndpointFamily;

/** Derby to PostgreSQL: everything arrives, ids and all, verified; a target that is not empty is refused. */
public class JdbcStorageCopyTest {
    private TestDatabase derby;
    private long acme;
    private StoredFace amy;

    @Before
    public void setUp() throws Exception {
        derby = TestDatabase.derby();
        JdbcApiUserStore users = new JdbcApiUserStore(derby);
        acme = users.insert("acme", "hmac$abc", EndpointFamily.all()).user().id();
        long other = users.insert("other", "hmac$def", Set.of(EndpointFamily.values()[0])).user().id();
        users.updateEnabled("other", false);
        JdbcGalleryStore gallery = new JdbcGalleryStore(derby);
        amy = gallery.createUser(acme, "amy", new NewFace("fr_feature", "0.0.1", new float[] {0.6f, 0.8f},
                Optional.of(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3})));
        gallery.addFace(acme, "amy", new NewFace("fr_feature", "0.0.1", new float[] {0.8f, 0.6f}, Optional.empty()));
        for (int i = 0; i < 250; i++) {
            gallery.createUser(other, "user " + i, new NewFace("fr_feature", "0.0.1", new float[] {i, 1},
                    Optional.of(new byte[] {(byte) i})));
        }
        gallery.deleteUser(other, "user 7");
        JdbcGroupStore groups = new JdbcGroupStore(derby);
        groups.create(acme, "staff");
        groups.addMember(acme, "staff", "amy");
        new JdbcTenantSecretStore(derby).putSealedSecret(acme, "sealed-secret-of-acme");
        new JdbcEmbeddingStore(derby).setActiveModel(acme, "fr_feature", "0.0.1");
        JdbcLivenessStore liveness = new JdbcLivenessStore(derby);
        liveness.insert(acme, new LivenessDetection("live1", Instant.ofEpochMilli(1000), 200, "Live person detected.",
                0.99, 0.3), List.of(new byte[] {9}));
        liveness.insert(acme, LivenessDetection.refused("refused1", Instant.ofEpochMilli(2000), FaceError.FACE_TOO_CLOSE),
                List.of());
        try (Connection c = derby.open(); PreparedStatement ps = c.prepareStatement("INSERT INTO matches (tenant_id, "
                + "kind, match_key, created_ms, status, message, score, saffe_grade, user_reference) VALUES "
                + "(?, 'G', 'k1', ?, 200, 'Face image match at Saffe grade.', 0.7967, 0.43, 'amy')")) {
            ps.setLong(1, acme);
            ps.setLong(2, Instant.now().toEpochMilli());
            ps.executeUpdate();
        }
    }

    private static TestDatabase postgresOrSkip() throws Exception {
        TestDatabase db = TestDatabase.postgresqlIfGiven();
        assumeTrue("no PostgreSQL server given (VISAGE_TEST_POSTGRESQL_URL); run under itests/postgresql/with-cluster.sh",
                db != null);
        return db;
    }

    @Test
    public void everythingArrivesVerifiedAndTheTargetWorks() throws Exception {
        TestDatabase target = postgresOrSkip();
        List<String> progress = new ArrayList<>();
        StorageCopy.Report report = JdbcStorageCopy.copy(derby, target, "visage-pg",
                (table, done, total) -> progress.add(table + " " + done + "/" + total));

        assertEquals(JdbcStorageCopy.TABLES.size(), report.tables().size());
        assertEquals(2, rows(report, "api_users"));
        assertEquals(250, rows(report, "gallery_users"));
        assertEquals(251, rows(report, "gallery_faces"));
        assertEquals(1, rows(report, "user_group_members"));
        assertEquals(1, rows(report, "matches"));
        assertEquals(1, rows(report, "tenant_secrets"));
        assertEquals(2, rows(report, "liveness_detections"));
        List<LivenessDetection> detections = new JdbcLivenessStore(target).query(acme, HistoryQuery.all());
        assertEquals(Optional.empty(), detections.get(0).refusal());
        assertEquals(Optional.of(FaceError.FACE_TOO_CLOSE), detections.get(1).refusal());
        assertEquals(Optional.of("sealed-secret-of-acme"), new JdbcTenantSecretStore(target).sealedSecret(acme));
        assertTrue("progress is told as the rows go: " + progress, progress.contains("gallery_users 100/250")
                && progress.contains("gallery_users 250/250"));

        // The copy is a working database: same ids, templates, images, flags, and new rows get fresh ids.
        JdbcGalleryStore copied = new JdbcGalleryStore(target);
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3},
                copied.image(acme, amy.imageKey().orElseThrow()).orElseThrow());
        List<StoredFace> faces = new JdbcChangeFeed(target).facesOf(acme, "amy");
        assertEquals(amy.faceId(), faces.get(0).faceId());
        assertArrayEquals(new float[] {0.8f, 0.6f}, faces.get(1).vector(), 0f);
        JdbcApiUserStore users = new JdbcApiUserStore(target);
        assertEquals(false, users.findByName("other").orElseThrow().user().enabled());
        assertEquals("hmac$abc", users.findByName("acme").orElseThrow().keyHash());
        assertEquals(Set.of("staff"), new JdbcChangeFeed(target).groupsOf(acme, "amy"));
        long newId = users.insert("third", "h", EndpointFamily.all()).user().id();
        assertTrue("identities continue after the copied ids", newId > acme);
        copied.createUser(acme, "bob", new NewFace("fr_feature", "0.0.1", new float[] {1, 0}, Optional.empty()));
    }

    @Test
    public void aTargetThatIsNotEmptyIsRefusedAndKept() throws Exception {
        TestDatabase target = postgresOrSkip();
        new JdbcApiUserStore(target).insert("already-there", "h", EndpointFamily.all());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JdbcStorageCopy.copy(derby, target, "visage-pg", (t, d, n) -> { }));
        assertTrue(refused.getMessage(), refused.getMessage().contains("not empty"));
        assertEquals(1, new JdbcApiUserStore(target).list().size());
    }

    @Test
    public void copiesGoToPostgresql() throws Exception {
        TestDatabase otherDerby = TestDatabase.derby();
        assertThrows(IllegalArgumentException.class,
                () -> JdbcStorageCopy.copy(derby, otherDerby, "derby2", (t, d, n) -> { }));
    }

    @Test
    public void aChecksumSeesAChangedRow() throws Exception {
        JdbcStorageCopy.Table table = JdbcStorageCopy.TABLES.get(0);
        String before;
        try (Connection c = derby.open()) {
            before = JdbcStorageCopy.checksum(c, table).checksum();
        }
        new JdbcApiUserStore(derby).updateEnabled("acme", false);
        try (Connection c = derby.open()) {
            assertTrue(!before.equals(JdbcStorageCopy.checksum(c, table).checksum()));
        }
    }

    private static long rows(StorageCopy.Report report, String table) {
        return report.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow().rows();
    }
}
