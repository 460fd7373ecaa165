package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StoredFace;
import io.visage.api.tenant.EndpointFamily;

public class JdbcGalleryStoreTest {
    private TestDatabase db;
    private JdbcGalleryStore store;
    private long acme;
    private long other;

    @Before
    public void setUp() throws Exception {
        db = new TestDatabase();
        JdbcApiUserStore users = new JdbcApiUserStore(db);
        acme = users.insert("acme", "h", EndpointFamily.all()).user().id();
        other = users.insert("other", "h", EndpointFamily.all()).user().id();
        store = new JdbcGalleryStore(db);
        enrol(acme, "u1", 1_000_000L);
        enrol(acme, "u2", 2_000_000L);
        enrol(acme, "u3", 3_000_000L);
        enrol(other, "u1", 1_500_000L);
    }

    private void enrol(long tenant, String ref, long createdMs) throws Exception {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO gallery_users (tenant_id, user_reference, created_ms) VALUES (?, ?, ?)")) {
            ps.setLong(1, tenant);
            ps.setString(2, ref);
            ps.setLong(3, createdMs);
            ps.executeUpdate();
        }
    }

    private List<String> refs(List<GalleryUser> users) {
        return users.stream().map(GalleryUser::userReference).collect(Collectors.toList());
    }

    @Test
    public void allUsersOfOneTenantOnlyOldestFirst() {
        assertEquals(List.of("u1", "u2", "u3"), refs(store.queryUsers(acme, UserQuery.all())));
        List<GalleryUser> others = store.queryUsers(other, UserQuery.all());
        assertEquals(1, others.size());
        assertEquals(Instant.ofEpochMilli(1_500_000L), others.get(0).created());
    }

    @Test
    public void filtersCombine() {
        UserQuery window = new UserQuery(Optional.empty(), Optional.of(Instant.ofEpochMilli(2_000_000L)),
                Optional.of(Instant.ofEpochMilli(3_000_000L)), OptionalInt.empty());
        assertEquals(List.of("u2"), refs(store.queryUsers(acme, window)));
        UserQuery byRef = new UserQuery(Optional.of("u3"), Optional.empty(), Optional.empty(), OptionalInt.empty());
        assertEquals(List.of("u3"), refs(store.queryUsers(acme, byRef)));
        UserQuery limited = new UserQuery(Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.of(2));
        assertEquals(List.of("u1", "u2"), refs(store.queryUsers(acme, limited)));
    }

    @Test
    public void referencesAreCaseSensitive() {
        UserQuery upper = new UserQuery(Optional.of("U1"), Optional.empty(), Optional.empty(), OptionalInt.empty());
        assertEquals(List.of(), refs(store.queryUsers(acme, upper)));
    }

    @Test
    public void facesArePagedInIdOrderOverEveryTenantWithoutGapsOrRepeats() {
        List<Long> written = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add(store.createUser(i % 2 == 0 ? acme : other, "p" + i, face(i % 3 == 0)).faceId());
            written.add(store.addFace(i % 2 == 0 ? acme : other, "p" + i, face(false)).orElseThrow().faceId());
        }
        store.deleteUser(other, "p3"); // its two faces (the 7th and 8th written) are gone from every page
        written.subList(6, 8).clear();
        List<StoredFace> all = new java.util.ArrayList<>();
        long after = 0;
        for (List<StoredFace> page = store.facesAfter(after, 3); !page.isEmpty(); page = store.facesAfter(after, 3)) {
            assertTrue("page of " + page.size(), page.size() <= 3);
            all.addAll(page);
            after = page.get(page.size() - 1).faceId();
        }
        assertEquals(written, all.stream().map(StoredFace::faceId).collect(Collectors.toList()));
        List<StoredFace> scanned = new java.util.ArrayList<>();
        store.forEachFace(scanned::add);
        assertEquals(scanned.size(), all.size());
        for (int i = 0; i < all.size(); i++) { // the same faces as the whole scan gives, with all their fields
            assertEquals(scanned.get(i).faceId(), all.get(i).faceId());
            assertEquals(scanned.get(i).tenantId(), all.get(i).tenantId());
            assertEquals(scanned.get(i).userReference(), all.get(i).userReference());
            assertEquals(scanned.get(i).imageKey(), all.get(i).imageKey());
            assertTrue(java.util.Arrays.equals(scanned.get(i).vector(), all.get(i).vector()));
        }
        assertEquals(List.of(), store.facesAfter(written.get(written.size() - 1), 3));
    }

    private static NewFace face(boolean withImage) {
        return new NewFace("m", "1", new float[] {1, 0}, withImage ? Optional.of(new byte[] {1, 2, 3}) : Optional.empty());
    }

    /** The first image of each user (oldest face with an image still stored), per tenant, for the asked users only. */
    @Test
    public void firstImageKeysAreEachUsersOldestStoredImage() throws Exception {
        String first = store.createUser(acme, "img1", face(true)).imageKey().orElseThrow();
        store.addFace(acme, "img1", face(true));
        store.createUser(acme, "img2", face(false));
        String later = store.addFace(acme, "img2", face(true)).orElseThrow().imageKey().orElseThrow();
        StoredFace gone = store.createUser(acme, "img3", face(true));
        String kept = store.addFace(acme, "img3", face(true)).orElseThrow().imageKey().orElseThrow();
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("DELETE FROM images WHERE image_key = ?")) {
            ps.setString(1, gone.imageKey().orElseThrow());
            ps.executeUpdate();
        }
        String others = store.createUser(other, "img1", face(true)).imageKey().orElseThrow();
        store.createUser(acme, "noimage", face(false));

        assertEquals(Map.of("img1", first, "img2", later, "img3", kept),
                store.firstImageKeys(acme, List.of("img1", "img2", "img3", "noimage", "nobody", "u1")));
        assertEquals(Map.of("img1", others), store.firstImageKeys(other, List.of("img1", "img2")));
        assertEquals(Map.of(), store.firstImageKeys(acme, List.of()));
    }
}
