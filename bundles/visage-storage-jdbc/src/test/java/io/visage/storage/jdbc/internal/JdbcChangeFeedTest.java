package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.GalleryChange.Kind;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StoredFace;
import io.visage.api.tenant.EndpointFamily;

/** Every store write that changes what an index holds leaves its change in the feed, in the same transaction. */
public class JdbcChangeFeedTest {
    private JdbcApiUserStore users;
    private JdbcGalleryStore gallery;
    private JdbcGroupStore groups;
    private JdbcEmbeddingStore embedding;
    private JdbcChangeFeed feed;
    private long acme;
    private long other;

    @Before
    public void setUp() throws Exception {
        TestDatabase db = new TestDatabase();
        users = new JdbcApiUserStore(db);
        acme = users.insert("acme", "h", EndpointFamily.all()).user().id();
        other = users.insert("other", "h", EndpointFamily.all()).user().id();
        gallery = new JdbcGalleryStore(db);
        groups = new JdbcGroupStore(db);
        embedding = new JdbcEmbeddingStore(db);
        feed = new JdbcChangeFeed(db);
    }

    private static NewFace face(float value) {
        return new NewFace("fr_feature", "0.0.1", new float[] {value, 1 - value}, Optional.of(new byte[] {1, 2}));
    }

    private List<String> since(long sequence) {
        return feed.changesAfter(sequence, 100).stream()
                .map(c -> c.kind() + ":" + (c.tenantId() == acme ? "acme" : "other") + ":" + c.subject())
                .collect(Collectors.toList());
    }

    @Test
    public void writesLeaveTheirChangesInOrder() {
        long start = feed.latestSequence();
        gallery.createUser(acme, "u1", face(0.25f));
        gallery.addFace(acme, "u1", face(0.5f));
        gallery.createUser(other, "u1", face(0.75f));
        groups.create(acme, "g1");
        groups.addMember(acme, "g1", "u1");
        groups.addMember(acme, "g1", "u1");   // already a member: nothing changed, no change row
        groups.removeMember(acme, "g1", "u1");
        groups.delete(acme, "g1");
        groups.delete(acme, "g1");            // gone already
        gallery.deleteUser(acme, "u1");
        gallery.deleteUser(acme, "u1");       // gone already
        embedding.setActiveModel(other, "fr_feature", "0.0.2");
        assertEquals(List.of("USER:acme:u1", "USER:acme:u1", "USER:other:u1", "USER:acme:u1", "USER:acme:u1",
                "GROUP:acme:g1", "USER_DELETED:acme:u1", "TENANT:other:null"), since(start));

        List<GalleryChange> all = feed.changesAfter(start, 100);
        for (int i = 1; i < all.size(); i++) {
            assertTrue("sequence numbers increase", all.get(i).sequence() > all.get(i - 1).sequence());
        }
        assertEquals(all.get(all.size() - 1).sequence(), feed.latestSequence());
        assertEquals("a limit is honoured", 3, feed.changesAfter(start, 3).size());
        assertEquals(all.subList(5, 8), feed.changesAfter(all.get(4).sequence(), 100));
    }

    @Test
    public void deletingATenantIsAChangeOfTheWholeTenant() {
        gallery.createUser(other, "u1", face(0.75f));
        long before = feed.latestSequence();
        assertTrue(users.delete("other"));
        assertEquals(List.of("TENANT:other:null"), since(before));
        assertTrue(feed.facesOf(other, "u1").isEmpty());
    }

    @Test
    public void followersReadTheCurrentStateOfASubject() {
        StoredFace first = gallery.createUser(acme, "u1", face(0.25f));
        StoredFace second = gallery.addFace(acme, "u1", face(0.5f)).orElseThrow();
        gallery.createUser(acme, "u2", face(0.1f));
        gallery.createUser(other, "u1", face(0.75f));
        groups.create(acme, "b");
        groups.create(acme, "a");
        groups.addMember(acme, "b", "u1");
        groups.addMember(acme, "a", "u1");
        groups.addMember(acme, "a", "u2");

        List<StoredFace> faces = feed.facesOf(acme, "u1");
        assertEquals(List.of(first.faceId(), second.faceId()),
                faces.stream().map(StoredFace::faceId).collect(Collectors.toList()));
        assertArrayEquals(new float[] {0.5f, 0.5f}, faces.get(1).vector(), 0f);
        assertEquals(Set.of("a", "b"), feed.groupsOf(acme, "u1"));
        assertTrue("another tenant's user of the same name is not read", feed.facesOf(other, "u2").isEmpty());
        assertEquals(Set.of("a"), feed.groupsOf(acme, "u2"));

        gallery.deleteUser(acme, "u1");
        assertTrue(feed.facesOf(acme, "u1").isEmpty());
        assertTrue(feed.groupsOf(acme, "u1").isEmpty());
    }

    @Test
    public void oldChangesArePruned() {
        gallery.createUser(acme, "u1", face(0.25f));
        long latest = feed.latestSequence();
        assertEquals(0, feed.prune(0));
        assertTrue(feed.prune(System.currentTimeMillis() + 1) >= 1);
        assertTrue(feed.changesAfter(0, 10).isEmpty());
        gallery.createUser(acme, "u2", face(0.25f));
        assertTrue("numbers keep increasing after a prune", feed.latestSequence() > latest);
    }
}
