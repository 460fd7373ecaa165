package io.visage.index.exact.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.UserMatch;

public class ExactTemplateIndexTest {

    private static final String MODEL = "fr_feature:1";
    private static final long TENANT = 1;

    private final ExactTemplateIndex index = new ExactTemplateIndex();

    /** Unit vector in the plane of axes 0 and 1 at the given angle (degrees): its score to e0 is cos(angle). */
    private static float[] atAngle(double degrees, int dim) {
        float[] v = new float[dim];
        v[0] = (float) Math.cos(Math.toRadians(degrees));
        v[1] = (float) Math.sin(Math.toRadians(degrees));
        return v;
    }

    private static float[] axis(int i, int dim) {
        float[] v = new float[dim];
        v[i] = 1f;
        return v;
    }

    private static List<String> refs(List<UserMatch> matches) {
        return matches.stream().map(UserMatch::userReference).collect(Collectors.toList());
    }

    @Test
    public void ranksUsersByCosine() {
        for (int angle = 80; angle >= 0; angle -= 10) {
            index.add(new IndexEntry(TENANT, "u" + angle, angle, MODEL, atAngle(angle, 16)));
        }
        List<UserMatch> top = index.search(TENANT, MODEL, axis(0, 16), 3);
        assertEquals(List.of("u0", "u10", "u20"), refs(top));
        assertEquals(1f, top.get(0).score(), 1e-6);
        assertEquals((float) Math.cos(Math.toRadians(10)), top.get(1).score(), 1e-6);
        assertEquals(10L, top.get(1).templateId());
        assertEquals(9, index.search(TENANT, MODEL, axis(0, 16), 100).size());
    }

    @Test
    public void userScoreIsBestOverItsTemplatesAndUsersAreNotRepeated() {
        index.add(new IndexEntry(TENANT, "alice", 1, MODEL, atAngle(50, 8)));
        index.add(new IndexEntry(TENANT, "alice", 2, MODEL, atAngle(5, 8)));
        index.add(new IndexEntry(TENANT, "alice", 3, MODEL, atAngle(6, 8)));
        index.add(new IndexEntry(TENANT, "bob", 4, MODEL, atAngle(20, 8)));
        index.add(new IndexEntry(TENANT, "carol", 5, MODEL, atAngle(30, 8)));

        List<UserMatch> top = index.search(TENANT, MODEL, axis(0, 8), 2);
        assertEquals(List.of("alice", "bob"), refs(top));
        assertEquals(2L, top.get(0).templateId());

        Optional<UserMatch> alice = index.score(TENANT, MODEL, "alice", axis(0, 8));
        assertEquals(2L, alice.orElseThrow().templateId());
        assertEquals((float) Math.cos(Math.toRadians(5)), alice.get().score(), 1e-6);
        assertFalse(index.score(TENANT, MODEL, "nobody", axis(0, 8)).isPresent());
    }

    @Test
    public void topNOverUsersMatchesBruteForceOnRandomData() {
        Random random = new Random(42);
        int dim = 32;
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            entries.add(new IndexEntry(TENANT, "user" + random.nextInt(700), i, MODEL, unit(random, dim)));
        }
        entries.forEach(index::add);
        for (int q = 0; q < 20; q++) {
            float[] query = unit(random, dim);
            List<UserMatch> expected = entries.stream()
                    .collect(Collectors.groupingBy(IndexEntry::userReference,
                            Collectors.collectingAndThen(Collectors.toList(), list -> list.stream()
                                    .map(e -> new UserMatch(e.userReference(), Segment.dot(query, e.vector(), 0, dim), e.templateId()))
                                    .max((a, b) -> Float.compare(a.score(), b.score())).orElseThrow())))
                    .values().stream()
                    .sorted((a, b) -> Float.compare(b.score(), a.score()))
                    .limit(10).collect(Collectors.toList());
            assertEquals(expected, index.search(TENANT, MODEL, query, 10));
        }
    }

    @Test
    public void aSearchSplitAcrossCoresFindsWhatOneScanFinds() {
        // Large enough to be split (Segment.PARALLEL_MIN_ROWS), users with templates in several parts.
        Random random = new Random(43);
        int dim = 16;
        int rows = Segment.PARALLEL_MIN_ROWS * 2 + 1234;
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            entries.add(new IndexEntry(TENANT, "user" + random.nextInt(rows / 3), i, MODEL, unit(random, dim)));
        }
        index.rebuild(entries.stream(), java.util.stream.Stream.of());
        for (int q = 0; q < 10; q++) {
            float[] query = unit(random, dim);
            List<UserMatch> expected = entries.stream()
                    .collect(Collectors.groupingBy(IndexEntry::userReference,
                            Collectors.collectingAndThen(Collectors.toList(), list -> list.stream()
                                    .map(e -> new UserMatch(e.userReference(), Segment.dot(query, e.vector(), 0, dim), e.templateId()))
                                    .max((a, b) -> Float.compare(a.score(), b.score())).orElseThrow())))
                    .values().stream()
                    .sorted((a, b) -> Float.compare(b.score(), a.score()))
                    .limit(7).collect(Collectors.toList());
            assertEquals(expected, index.search(TENANT, MODEL, query, 7));
        }
    }

    @Test
    public void groupFilterKeepsMembersOfAnyGivenGroup() {
        index.add(new IndexEntry(TENANT, "a", 1, MODEL, atAngle(0, 4)));
        index.add(new IndexEntry(TENANT, "b", 2, MODEL, atAngle(10, 4)));
        index.add(new IndexEntry(TENANT, "c", 3, MODEL, atAngle(20, 4)));
        index.add(new IndexEntry(TENANT, "d", 4, MODEL, atAngle(30, 4)));
        index.setGroups(TENANT, "b", Set.of("staff"));
        assertTrue(index.addToGroup(TENANT, "d", "visitors"));
        assertFalse(index.addToGroup(TENANT, "d", "visitors"));
        index.addToGroup(TENANT, "c", "staff");

        float[] query = axis(0, 4);
        assertEquals(List.of("b", "c"), refs(index.search(TENANT, MODEL, query, 5, Set.of("staff"))));
        assertEquals(List.of("b", "c", "d"), refs(index.search(TENANT, MODEL, query, 5, Set.of("staff", "visitors"))));
        assertEquals(List.of(), index.search(TENANT, MODEL, query, 5, Set.of("unknown")));
        assertEquals(List.of("a", "b", "c", "d"), refs(index.search(TENANT, MODEL, query, 5, Set.of())));

        assertTrue(index.removeFromGroup(TENANT, "b", "staff"));
        assertEquals(List.of("c"), refs(index.search(TENANT, MODEL, query, 5, Set.of("staff"))));
        index.setGroups(TENANT, "c", Set.of("visitors"));
        assertEquals(Set.of("visitors"), index.groupsOf(TENANT, "c"));
        assertEquals(List.of("c", "d"), refs(index.search(TENANT, MODEL, query, 5, Set.of("visitors"))));
        index.removeGroup(TENANT, "visitors");
        assertEquals(List.of(), index.search(TENANT, MODEL, query, 5, Set.of("visitors")));
        assertEquals(Set.of(), index.groupsOf(TENANT, "c"));
    }

    @Test
    public void tenantsAreIsolated() {
        index.add(new IndexEntry(1, "same-ref", 1, MODEL, atAngle(0, 4)));
        index.add(new IndexEntry(2, "other", 1, MODEL, atAngle(0, 4)));
        index.addToGroup(2, "same-ref", "g");
        assertEquals(List.of("same-ref"), refs(index.search(1, MODEL, axis(0, 4), 5)));
        assertEquals(List.of("other"), refs(index.search(2, MODEL, axis(0, 4), 5)));
        assertEquals(List.of(), index.search(1, MODEL, axis(0, 4), 5, Set.of("g")));
        assertEquals(List.of(), index.search(3, MODEL, axis(0, 4), 5));
        assertTrue(index.remove(2, 1));
        assertEquals(1, index.search(1, MODEL, axis(0, 4), 5).size());
        assertFalse(index.score(2, MODEL, "same-ref", axis(0, 4)).isPresent());
    }

    @Test
    public void modelsAreNeverCompared() {
        index.add(new IndexEntry(TENANT, "old", 1, "fr_feature:1", atAngle(0, 4)));
        index.add(new IndexEntry(TENANT, "new", 2, "fr_feature:2", atAngle(0, 8)));
        assertEquals(List.of("old"), refs(index.search(TENANT, "fr_feature:1", axis(0, 4), 5)));
        assertEquals(List.of("new"), refs(index.search(TENANT, "fr_feature:2", axis(0, 8), 5)));
        assertFalse(index.score(TENANT, "fr_feature:2", "old", axis(0, 8)).isPresent());
        assertFalse(index.hasTemplates(TENANT, "fr_feature:3"));
        try {
            index.search(TENANT, "fr_feature:1", axis(0, 8), 5);
            fail("dimension mismatch accepted");
        } catch (IllegalArgumentException expected) {
            // a query of another model's dimension is a caller error
        }
        try {
            index.add(new IndexEntry(TENANT, "x", 3, "fr_feature:1", axis(0, 8)));
            fail("dimension mismatch accepted");
        } catch (IllegalArgumentException expected) {
            // all templates of one model share a dimension
        }
    }

    @Test
    public void removalsKeepTheRestSearchable() {
        int dim = 512;
        // Enough rows for several blocks so removals move rows across blocks.
        int count = Segment.blockRows(dim) * 2 + 100;
        for (int i = 0; i < count; i++) {
            index.add(new IndexEntry(TENANT, "u" + (i % 500), i, MODEL, atAngle(i * 90.0 / count, dim)));
        }
        assertEquals(count, index.stats(TENANT).templates());
        assertTrue(index.remove(TENANT, 0));
        assertFalse(index.remove(TENANT, 0));
        // template 1 (user u1) is now the closest to e0
        assertEquals(List.of("u1"), refs(index.search(TENANT, MODEL, axis(0, dim), 1)));
        int removed = index.removeUser(TENANT, "u1");
        assertEquals(count / 500 + (1 < count % 500 ? 1 : 0), removed);
        assertFalse(index.score(TENANT, MODEL, "u1", axis(0, dim)).isPresent());
        assertEquals(List.of("u2"), refs(index.search(TENANT, MODEL, axis(0, dim), 1)));
        assertEquals(count - 1 - removed, index.stats(TENANT).templates());

        // Every remaining template is still found where it is: each user's best is its smallest angle.
        for (String user : List.of("u0", "u2", "u499")) {
            UserMatch best = index.score(TENANT, MODEL, user, axis(0, dim)).orElseThrow();
            int first = Integer.parseInt(user.substring(1)) == 0 ? 500 : Integer.parseInt(user.substring(1));
            assertEquals(first, best.templateId());
        }
        // Replacing a template by id moves it.
        index.add(new IndexEntry(TENANT, "u499", 499, MODEL, atAngle(0, dim)));
        assertEquals(List.of("u499"), refs(index.search(TENANT, MODEL, axis(0, dim), 1)));
        assertEquals(count - 1 - removed, index.stats(TENANT).templates());
    }

    @Test
    public void removingAUserDropsItsGroupsAndRebuildReplacesContent() {
        index.add(new IndexEntry(TENANT, "a", 1, MODEL, atAngle(0, 4)));
        index.addToGroup(TENANT, "a", "g");
        assertEquals(1, index.removeUser(TENANT, "a"));
        index.add(new IndexEntry(TENANT, "a", 2, MODEL, atAngle(0, 4)));
        assertEquals(List.of(), index.search(TENANT, MODEL, axis(0, 4), 5, Set.of("g")));

        index.rebuild(Stream.of(new IndexEntry(7, "r", 10, MODEL, atAngle(0, 4)), new IndexEntry(7, "s", 11, MODEL, atAngle(45, 4))),
                Stream.of(new GroupMembership(7, "s", "g")));
        assertEquals(List.of(), index.search(TENANT, MODEL, axis(0, 4), 5));
        assertEquals(List.of("s"), refs(index.search(7, MODEL, axis(0, 4), 5, Set.of("g"))));
        IndexStats stats = index.stats();
        assertEquals(1, stats.tenants());
        assertEquals(2, stats.templates());
        assertEquals(2L * 4 * 4, stats.vectorBytes());
        index.clear(7);
        assertEquals(IndexStats.EMPTY, index.stats(7));
    }

    @Test
    public void searchesStayConsistentDuringWrites() throws Exception {
        int dim = 256; // 511 rows a block: the ~1000 live templates span several blocks
        Random random = new Random(7);
        // A stable user whose template is the query itself: it must rank first in every search.
        float[] query = unit(random, dim);
        index.add(new IndexEntry(TENANT, "anchor", -1, MODEL, query));
        index.addToGroup(TENANT, "anchor", "g");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(2);
        Runnable writer = () -> {
            try {
                Random r = new Random(Thread.currentThread().getId());
                for (int i = 0; i < 4000; i++) {
                    long id = r.nextInt(1500);
                    if (r.nextInt(3) == 0) {
                        index.remove(TENANT, id);
                    } else {
                        index.add(new IndexEntry(TENANT, "u" + (id % 300), id, MODEL, unit(r, dim)));
                    }
                    if (i % 50 == 0) {
                        index.addToGroup(TENANT, "u" + (id % 300), "g");
                        index.removeUser(TENANT, "u" + r.nextInt(300));
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                done.countDown();
            }
        };
        new Thread(writer).start();
        new Thread(writer).start();
        while (done.getCount() > 0 && failure.get() == null) {
            List<UserMatch> all = index.search(TENANT, MODEL, query, 5);
            List<UserMatch> group = index.search(TENANT, MODEL, query, 5, Set.of("g"));
            for (List<UserMatch> result : List.of(all, group)) {
                assertEquals("anchor", result.get(0).userReference());
                assertEquals(1f, result.get(0).score(), 1e-5);
                assertEquals(result.size(), result.stream().map(UserMatch::userReference).distinct().count());
                for (int i = 1; i < result.size(); i++) {
                    assertTrue(result.get(i - 1).score() >= result.get(i).score());
                }
            }
        }
        done.await();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        // After the dust settles, every indexed template is reachable by score().
        IndexStats stats = index.stats(TENANT);
        assertTrue(stats.templates() > 0);
    }

    static float[] unit(Random random, int dim) {
        float[] v = new float[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dim; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
