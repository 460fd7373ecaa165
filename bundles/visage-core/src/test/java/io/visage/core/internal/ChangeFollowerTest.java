package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexStats;
import io.visage.api.storage.ChangeFeed;
import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.GalleryChange.Kind;
import io.visage.api.storage.StoredFace;

/**
 * Two nodes on one database: the fixture's gallery is node A; node B has its own index over the same storage
 * and learns A's writes only from the change feed, which this test writes as storage would.
 */
public class ChangeFollowerTest extends GalleryFixture {
    private final Feed feed = new Feed();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BruteForceIndex nodeBTemplates = new BruteForceIndex();
    private final GalleryIndex nodeB = new GalleryIndex(storage, storage);
    private ChangeFollower follower;

    @Before
    public void startNodeB() {
        nodeB.bindIndex(nodeBTemplates);
        follower = new ChangeFollower(feed, storage, nodeB, now::get, 10_000, 3_600_000);
        follower.catchUpFrom(60_000);
    }

    @Test
    public void anEnrolmentOnOneNodeIsSearchableOnTheOtherAfterOnePoll() {
        register(ACME, "penny", "penny");
        gallery.createGroup(ACME, "friends");
        gallery.addToGroup(ACME, "friends", "penny");
        assertEquals(List.of(), nodeBTemplates.users(ACME.id()));
        feed.add(Kind.USER, ACME.id(), "penny");
        feed.add(Kind.USER, ACME.id(), "penny");

        assertEquals(2, follower.poll());
        assertEquals(List.of("penny"), nodeBTemplates.users(ACME.id()));
        assertEquals(Set.of("friends"), nodeBTemplates.groupsOf(ACME.id(), "penny"));
        assertEquals(List.of(), nodeBTemplates.users(BETA.id()));
        assertEquals("nothing new, nothing applied", 0, follower.poll());
        assertTrue(follower.caughtUp());
        now.addAndGet(60_000);
        assertTrue("no poll for a minute: not known to be caught up", !follower.caughtUp());
    }

    @Test
    public void aDeletionReachesTheOtherNodeEvenWhenTheNameIsEnrolledAgainBeforeItLooks() {
        register(ACME, "penny", "penny");
        feed.add(Kind.USER, ACME.id(), "penny");
        follower.poll();
        gallery.delete(ACME, "penny");
        feed.add(Kind.USER_DELETED, ACME.id(), "penny");
        register(ACME, "penny", "amy");    // another face under the same reference
        feed.add(Kind.USER, ACME.id(), "penny");

        follower.poll();
        IndexStats stats = nodeBTemplates.stats(ACME.id());
        assertEquals("only the new template", 1, stats.templates());
        assertTrue(nodeBTemplates.score(ACME.id(), modelKey(), "penny", vector("amy")).orElseThrow().score() > 0.99);

        gallery.delete(ACME, "penny");
        feed.add(Kind.USER_DELETED, ACME.id(), "penny");
        follower.poll();
        assertEquals(List.of(), nodeBTemplates.users(ACME.id()));
    }

    @Test
    public void aHoleInTheSequenceIsWaitedForAndFilledWhenItsTransactionCommitsLate() {
        register(ACME, "penny", "penny");
        register(ACME, "amy", "amy");
        feed.add(Kind.USER, ACME.id(), "penny");          // 1
        long late = feed.reserve();                        // 2: committed later
        feed.add(Kind.USER, ACME.id(), "penny");          // 3
        follower.poll();
        assertEquals("waits at the hole", 1, follower.confirmed());
        assertEquals(List.of("penny"), nodeBTemplates.users(ACME.id()));

        feed.commit(late, Kind.USER, ACME.id(), "amy");
        assertEquals("only the late change is applied", 1, follower.poll());
        assertEquals(List.of("amy", "penny"), nodeBTemplates.users(ACME.id()));
        assertEquals(3, follower.confirmed());
    }

    @Test
    public void aHoleThatNeverFillsIsPassedAfterTheTimeout() {
        register(ACME, "penny", "penny");
        feed.add(Kind.USER, ACME.id(), "penny");          // 1
        feed.reserve();                                    // 2: rolled back
        feed.add(Kind.USER, ACME.id(), "penny");          // 3
        follower.poll();
        assertEquals(1, follower.confirmed());
        now.addAndGet(10_000);
        follower.poll();
        assertEquals(3, follower.confirmed());
    }

    @Test
    public void groupsAndTenantsAsAWhole() {
        register(ACME, "penny", "penny");
        gallery.createGroup(ACME, "friends");
        gallery.addToGroup(ACME, "friends", "penny");
        feed.add(Kind.USER, ACME.id(), "penny");
        follower.poll();
        gallery.deleteGroup(ACME, "friends");
        feed.add(Kind.GROUP, ACME.id(), "friends");
        follower.poll();
        assertEquals(Set.of(), nodeBTemplates.groupsOf(ACME.id(), "penny"));

        gallery.delete(ACME, "penny");    // as the cascade of a deleted API user leaves it
        feed.add(Kind.TENANT, ACME.id(), null);
        follower.poll();
        assertEquals(List.of(), nodeBTemplates.users(ACME.id()));
    }

    @Test
    public void atStartOnlyRecentChangesAreAppliedAgain() {
        register(ACME, "penny", "penny");
        feed.add(Kind.USER, ACME.id(), "penny");
        now.addAndGet(120_000);
        ChangeFollower restarted = new ChangeFollower(feed, storage, nodeB, now::get, 10_000, 3_600_000);
        restarted.catchUpFrom(60_000);
        assertEquals("older than the catch-up window: the start-up build had it", 0, restarted.poll());
        register(ACME, "amy", "amy");
        feed.add(Kind.USER, ACME.id(), "amy");
        assertEquals(1, restarted.poll());
        assertEquals(List.of("amy"), nodeBTemplates.users(ACME.id()));
    }

    private static String modelKey() {
        return io.visage.api.index.IndexEntry.modelKey(FakeStages.MODEL, FakeStages.VERSION);
    }

    private float[] vector(String person) {
        return FakeStages.vector(person);
    }

    /** The change feed as storage writes it, over the fixture's storage for the current state. */
    private final class Feed implements ChangeFeed {
        private final List<GalleryChange> rows = new ArrayList<>();
        private long next = 1;

        synchronized void add(Kind kind, long tenant, String subject) {
            rows.add(new GalleryChange(next++, tenant, kind, subject, now.get()));
        }

        synchronized long reserve() {
            return next++;
        }

        synchronized void commit(long sequence, Kind kind, long tenant, String subject) {
            rows.add(new GalleryChange(sequence, tenant, kind, subject, now.get()));
        }

        @Override
        public synchronized List<GalleryChange> changesAfter(long afterSequence, int limit) {
            return rows.stream().filter(c -> c.sequence() > afterSequence)
                    .sorted((a, b) -> Long.compare(a.sequence(), b.sequence())).limit(limit)
                    .collect(Collectors.toList());
        }

        @Override
        public synchronized long latestSequence() {
            return rows.stream().mapToLong(GalleryChange::sequence).max().orElse(0);
        }

        @Override
        public List<StoredFace> facesOf(long tenantId, String userReference) {
            List<StoredFace> faces = new ArrayList<>();
            storage.forEachFace(f -> {
                if (f.tenantId() == tenantId && f.userReference().equals(userReference)) {
                    faces.add(f);
                }
            });
            return faces;
        }

        @Override
        public Set<String> groupsOf(long tenantId, String userReference) {
            return storage.allMemberships().stream()
                    .filter(m -> m.tenantId() == tenantId && m.userReference().equals(userReference))
                    .map(GroupMembership::groupName).collect(Collectors.toSet());
        }

        @Override
        public int prune(long createdBeforeMs) {
            return 0;
        }
    }
}
