package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.MatchDecision;
import io.visage.api.gallery.Liveness;
import io.visage.api.gallery.UserLog;
import io.visage.api.gallery.UserQuery;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.DuplicateException;
import io.visage.api.storage.MatchStore;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StoredFace;
import io.visage.api.tenant.EndpointFamily;

/** Enrolment, update, deletion cascade, logs, groups and matches against a real (in-memory) Derby. */
public class GalleryLifecycleTest {
    private TestDatabase db;
    private JdbcGalleryStore gallery;
    private JdbcGroupStore groups;
    private JdbcMatchStore matches;
    private long acme;
    private long other;
    private long empty;

    @Before
    public void setUp() throws Exception {
        db = new TestDatabase();
        JdbcApiUserStore users = new JdbcApiUserStore(db);
        acme = users.insert("acme", "h", EndpointFamily.all()).user().id();
        other = users.insert("other", "h", EndpointFamily.all()).user().id();
        empty = users.insert("empty", "h", EndpointFamily.all()).user().id();
        gallery = new JdbcGalleryStore(db);
        groups = new JdbcGroupStore(db);
        matches = new JdbcMatchStore(db);
    }

    private static NewFace face(float value, boolean withImage) {
        return new NewFace("fr_feature", "0.0.1", new float[] {value, 1 - value},
                withImage ? Optional.of(new byte[] {(byte) (value * 10), 1, 2}) : Optional.empty());
    }

    private int count(String table) throws Exception {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    public void enrolmentStoresTemplateImageAndLogTogether() {
        StoredFace first = gallery.createUser(acme, "u1", face(0.25f, true));
        assertTrue(first.imageKey().isPresent());
        assertArrayEquals(new float[] {0.25f, 0.75f}, first.vector(), 0f);
        assertArrayEquals(new byte[] {2, 1, 2}, gallery.image(acme, first.imageKey().get()).orElseThrow());
        assertTrue("another tenant never gets the image", gallery.image(other, first.imageKey().get()).isEmpty());
        assertEquals(Optional.of(first.imageKey().get()),
                gallery.queryUsers(acme, UserQuery.all()).get(0).imageKey());
        assertThrows(DuplicateException.class, () -> gallery.createUser(acme, "u1", face(0.5f, true)));
        gallery.createUser(other, "u1", face(0.5f, false));
        assertEquals(1, gallery.countUsers(acme));
        assertTrue(gallery.hasUsers(acme));
        assertTrue(gallery.hasUsers(other));
        assertFalse("a tenant without users", gallery.hasUsers(empty));
    }

    @Test
    public void updateAddsAFaceAndNeverReplaces() {
        gallery.createUser(acme, "u1", face(0.1f, false));
        assertTrue(gallery.addFace(acme, "u1", face(0.2f, true)).isPresent());
        assertTrue(gallery.addFace(acme, "ghost", face(0.3f, true)).isEmpty());
        List<StoredFace> faces = new ArrayList<>();
        gallery.forEachFace(faces::add);
        assertEquals(2, faces.size());
        assertEquals("u1", faces.get(1).userReference());
        assertEquals(acme, faces.get(1).tenantId());
        assertEquals("the first saved image represents the user",
                faces.get(1).imageKey(), gallery.queryUsers(acme, UserQuery.all()).get(0).imageKey());
        assertEquals(List.of("create", "update"), gallery.userLogs(acme, HistoryQuery.all()).stream()
                .map(UserLog::type).collect(Collectors.toList()));
    }

    @Test
    public void deletionRemovesFacesImagesAndMembershipsButKeepsTheLog() throws Exception {
        StoredFace face = gallery.createUser(acme, "u1", face(0.1f, true));
        gallery.addFace(acme, "u1", face(0.2f, true));
        gallery.createUser(acme, "u2", face(0.3f, true));
        groups.create(acme, "g");
        groups.addMember(acme, "g", "u1");
        assertTrue(gallery.deleteUser(acme, "u1"));
        assertFalse(gallery.deleteUser(acme, "u1"));
        assertTrue(gallery.image(acme, face.imageKey().get()).isEmpty());
        assertEquals(1, count("gallery_faces"));
        assertEquals(1, count("images"));
        assertEquals(0, count("user_group_members"));
        assertEquals(Map.of("g", List.of()), groups.members(acme));
        HistoryQuery deletes = new HistoryQuery(Optional.empty(), Optional.of("u1"), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.of("delete"));
        assertEquals(1, gallery.userLogs(acme, deletes).size());
    }

    @Test
    public void groupsAreUniquePerTenantAndListedWithMembers() {
        gallery.createUser(acme, "u1", face(0.1f, false));
        gallery.createUser(acme, "u2", face(0.1f, false));
        assertTrue(groups.create(acme, "g1"));
        assertFalse(groups.create(acme, "g1"));
        assertTrue(groups.create(other, "g1"));
        assertTrue(groups.create(acme, "g0"));
        assertTrue(groups.addMember(acme, "g1", "u2"));
        assertTrue(groups.addMember(acme, "g1", "u1"));
        assertFalse(groups.addMember(acme, "g1", "u1"));
        assertEquals(List.of("g0", "g1"), groups.names(acme));
        assertEquals(Map.of("g0", List.of(), "g1", List.of("u1", "u2")), groups.members(acme));
        assertEquals(2, groups.allMemberships().size());
        assertFalse(groups.removeMember(acme, "g0", "u1"));
        assertTrue(groups.removeMember(acme, "g1", "u1"));
        assertTrue(groups.delete(acme, "g1"));
        assertFalse(groups.exists(acme, "g1"));
        assertTrue(groups.exists(other, "g1"));
    }

    @Test
    public void matchesAreStoredPerKindAndTenantWithTheirImage() {
        GalleryMatch match = new GalleryMatch("key1", Instant.ofEpochSecond(1000), MatchDecision.NO_MATCH, 0.12, 0.43, Optional.of("u1"), Optional.empty(),
                Liveness.OFF, List.of());
        GalleryMatch stored = matches.insert(acme, MatchStore.Kind.GALLERY, match, Optional.of(new byte[] {9}),
                Optional.empty());
        assertTrue(stored.imageKey().isPresent());
        matches.insert(acme, MatchStore.Kind.ID, new GalleryMatch("key2", Instant.ofEpochSecond(2000), MatchDecision.MATCH, 0.9, 0.43, Optional.empty(), Optional.empty(), Liveness.OFF, List.of()),
                Optional.empty(), Optional.empty());
        List<GalleryMatch> gallerySide = matches.query(acme, MatchStore.Kind.GALLERY, HistoryQuery.all());
        assertEquals(1, gallerySide.size());
        assertEquals("key1", gallerySide.get(0).matchKey());
        assertEquals(Optional.of("u1"), gallerySide.get(0).userReference());
        assertEquals(stored.imageKey(), gallerySide.get(0).imageKey());
        assertEquals(0.12, gallerySide.get(0).score(), 1e-12);
        assertEquals(MatchDecision.NO_MATCH, gallerySide.get(0).decision());
        assertEquals(List.of("key2"), matches.query(acme, MatchStore.Kind.ID, HistoryQuery.all()).stream()
                .map(GalleryMatch::matchKey).collect(Collectors.toList()));
        assertTrue(matches.query(other, MatchStore.Kind.GALLERY, HistoryQuery.all()).isEmpty());
        HistoryQuery byUser = new HistoryQuery(Optional.empty(), Optional.of("u2"), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty());
        assertTrue(matches.query(acme, MatchStore.Kind.GALLERY, byUser).isEmpty());
    }
}
