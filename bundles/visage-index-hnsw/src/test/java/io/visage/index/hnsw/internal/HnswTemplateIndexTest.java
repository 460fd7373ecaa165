package io.visage.index.hnsw.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.UserMatch;
import io.visage.index.exact.internal.ExactTemplateIndex;

/**
 * The HNSW index on real Lucene indexes in a temporary folder. Most tests set the exact-scan thresholds to
 * 0 so that even small galleries go through the graph; recall is measured against the exact index.
 */
public class HnswTemplateIndexTest {

    private static final String MODEL = "fr_feature:1";
    private static final long TENANT = 1;
    private static final int DIM = 512;
    /** Every search through the graph, every group filter post-filtered on graph candidates. */
    private static final HnswSettings GRAPH_ONLY = HnswSettings.DEFAULTS.withSearch(100, 0, 0);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private Path root;
    private HnswTemplateIndex index;

    @Before
    public void open() throws IOException {
        root = folder.newFolder("index-hnsw").toPath();
        index = new HnswTemplateIndex(root, GRAPH_ONLY);
    }

    @After
    public void close() {
        index.close();
    }

    // ---- threads: a rebuild indexes on several, a search reads segments side by side

    @Test
    public void aRebuildOnTwoThreadsHoldsWhatOneThreadWritesAndSegmentsAreSearchedSideBySide() throws IOException {
        Random random = new Random(11);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            entries.add(new IndexEntry(TENANT, "u" + (i / 3), i, MODEL, unit(random, 64)));
        }
        float[] replaced = entries.get(7).vector();
        float[] moved = unit(random, 64);
        entries.add(new IndexEntry(TENANT, "u2", 7, MODEL, moved)); // later in the stream: this one counts
        // as many candidates as templates: the graph returns every live document, so answers must be exact
        HnswSettings everyCandidate = HnswSettings.DEFAULTS.withSearch(10_000, 0, 0).withRescore(0);
        try (HnswTemplateIndex one = new HnswTemplateIndex(folder.newFolder("one").toPath(), everyCandidate,
                new HnswThreads(1));
                HnswTemplateIndex two = new HnswTemplateIndex(folder.newFolder("two").toPath(), everyCandidate,
                        new HnswThreads(2))) {
            one.rebuild(entries.stream(), Stream.of());
            two.rebuild(entries.stream(), Stream.of());
            assertEquals(3_000, two.stats().templates());
            assertEquals(one.checksum(), two.checksum());
            assertEquals(3_001, two.lastRebuildWrites()); // template 7 written twice, in stream order

            // two more segments written after the rebuild: a search now reads several at once
            for (int batch = 0; batch < 2; batch++) {
                for (int i = 0; i < 50; i++) {
                    IndexEntry extra = new IndexEntry(TENANT, "extra" + batch + "-" + i, 10_000 + batch * 100 + i,
                            MODEL, unit(random, 64));
                    entries.add(extra);
                    one.add(extra);
                    two.add(extra);
                }
                two.search(TENANT, MODEL, moved, 1); // refreshes: the batch becomes a segment of its own
            }
            assertTrue("segments: " + two.luceneSegments(TENANT), two.luceneSegments(TENANT) >= 3);

            ExactTemplateIndex exact = new ExactTemplateIndex();
            for (IndexEntry e : entries) {
                exact.add(e);
            }
            for (int q = 0; q < 40; q++) {
                float[] query = unit(random, 64);
                List<String> truth = refs(exact.search(TENANT, MODEL, query, 5));
                assertEquals(truth, refs(one.search(TENANT, MODEL, query, 5)));
                assertEquals(truth, refs(two.search(TENANT, MODEL, query, 5)));
            }
            UserMatch best = two.search(TENANT, MODEL, moved, 1).get(0);
            assertEquals("u2", best.userReference());
            assertEquals(7L, best.templateId());
            assertEquals(1f, best.score(), 1e-6);
            assertTrue("the replaced vector of template 7 is gone",
                    two.search(TENANT, MODEL, replaced, 3).stream().noneMatch(m -> m.score() > 0.9999f));
        }
    }

    // ---- the contract, through the graph

    @Test
    public void ranksUsersByCosineWithExactScores() {
        for (int angle = 80; angle >= 0; angle -= 10) {
            index.add(new IndexEntry(TENANT, "u" + angle, angle, MODEL, atAngle(angle, 16)));
        }
        List<UserMatch> top = index.search(TENANT, MODEL, axis(0, 16), 3);
        assertEquals(List.of("u0", "u10", "u20"), refs(top));
        assertEquals(1f, top.get(0).score(), 1e-6);
        // re-scored on the float vectors, not the quantised graph score
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
    public void recallAgainstExactOnRandomUnitVectors() {
        Random random = new Random(42);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            entries.add(new IndexEntry(TENANT, "user-" + i, i, MODEL, unit(random, DIM)));
        }
        // Random 512-d vectors are HNSW's worst case (every point is almost equally far): 100 candidates
        // found ~0.82 of the true top 5 here with M = 16, 400 ~0.99.
        Recall recall = compareWithExact(entries, () -> unit(random, DIM), 400);
        assertTrue("recall@1 " + recall.at1, recall.at1 >= 0.97);
        assertTrue("recall@5 " + recall.at5, recall.at5 >= 0.97);
    }

    @Test
    public void defaultGraphKeepsRecallOnLargerRandomGalleries() {
        // The default graph must stay navigable as the gallery grows: with Lucene's M = 16 the same 400
        // candidates found 0.93 of the true top 5 at 10,000 random 512-d templates (0.80 at 20,000, 0.34 at
        // 100,000), with M = 32 0.99.
        Random random = new Random(11);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            entries.add(new IndexEntry(TENANT, "user-" + i, i, MODEL, unit(random, DIM)));
        }
        Recall recall = compareWithExact(entries, () -> unit(random, DIM), 400);
        assertTrue("recall@1 " + recall.at1, recall.at1 >= 0.97);
        assertTrue("recall@5 " + recall.at5, recall.at5 >= 0.97);
    }

    @Test
    public void recallAgainstExactOnClusteredIdentities() {
        Random random = new Random(7);
        int identities = 1000;
        float[][] centres = new float[identities][];
        List<IndexEntry> entries = new ArrayList<>();
        long templateId = 0;
        for (int p = 0; p < identities; p++) {
            centres[p] = unit(random, DIM);
            for (int s = 0; s < 4; s++) {
                entries.add(new IndexEntry(TENANT, "person-" + p, templateId++, MODEL, noisy(random, centres[p])));
            }
        }
        // The probe's own identity is found first; ranks 2-5 are strangers, as hard to rank as random vectors.
        Recall recall = compareWithExact(entries, () -> noisy(random, centres[random.nextInt(identities)]), 200);
        assertTrue("recall@1 " + recall.at1, recall.at1 >= 0.99);
        assertTrue("recall@5 " + recall.at5, recall.at5 >= 0.95);
    }

    // ---- re-scoring: only the best candidates by graph score, on floats read without mapping them

    @Test
    public void reScoringOnlyTheBestCandidatesByGraphScoreKeepsTheTopFiveAndExactScores() throws IOException {
        Random random = new Random(23);
        int identities = 1_000;
        float[][] centres = new float[identities][];
        List<IndexEntry> entries = new ArrayList<>();
        ExactTemplateIndex exact = new ExactTemplateIndex();
        long templateId = 0;
        for (int p = 0; p < identities; p++) {
            centres[p] = unit(random, DIM);
            for (int s = 0; s < 4; s++) {
                IndexEntry e = new IndexEntry(TENANT, "person-" + p, templateId++, MODEL, noisy(random, centres[p]));
                entries.add(e);
                exact.add(e);
            }
        }
        HnswSettings all = HnswSettings.DEFAULTS.withSearch(1_000, 0, 0).withRescore(0);
        index.updateSearchSettings(all);
        index.rebuild(entries.stream(), Stream.of());
        int same = 0;
        int queries = 60;
        for (int q = 0; q < queries; q++) {
            float[] probe = noisy(random, centres[random.nextInt(identities)]);
            index.updateSearchSettings(all);
            List<UserMatch> everyCandidate = index.search(TENANT, MODEL, probe, 5);
            index.updateSearchSettings(all.withRescore(40));
            List<UserMatch> best40 = index.search(TENANT, MODEL, probe, 5);
            if (refs(best40).equals(refs(everyCandidate))) {
                same++;
            }
            // scores are the floats' exact scores whatever was re-scored
            for (UserMatch m : best40) {
                assertEquals(exact.score(TENANT, MODEL, m.userReference(), probe).get().score(), m.score(), 1e-6f);
            }
        }
        // 40 of 1,000 candidates by their int7 scores hold the float top 5 (ranks 2-5 are near-tied strangers);
        // re-scoring the 40 with the worst graph scores instead would keep almost none
        assertTrue("same top 5 on " + same + " of " + queries, same >= queries * 0.95);
    }

    @Test
    public void reScoringWidensWhenTheBestCandidatesHoldTooFewUsers() {
        Random random = new Random(29);
        float[] probe = unit(random, DIM);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // one user's 40 templates closest to the probe
            entries.add(new IndexEntry(TENANT, "crowd", i, MODEL, noisy(random, probe)));
        }
        for (int i = 0; i < 3_000; i++) {
            entries.add(new IndexEntry(TENANT, "user-" + i, 100 + i, MODEL, unit(random, DIM)));
        }
        index.updateSearchSettings(HnswSettings.DEFAULTS.withSearch(500, 0, 0).withRescore(1));
        index.rebuild(entries.stream(), Stream.of());
        ExactTemplateIndex exact = new ExactTemplateIndex();
        entries.forEach(exact::add);
        // 2 x top_n = 6 re-scored at first, all of "crowd": widened to 12, 24, 48 until 3 users are there
        List<UserMatch> found = index.search(TENANT, MODEL, probe, 3);
        assertEquals(3, found.size());
        assertEquals("crowd", found.get(0).userReference());
        assertEquals(refs(exact.search(TENANT, MODEL, probe, 1)), refs(found.subList(0, 1)));
    }

    @Test
    public void aSearchOnAnInterruptedThreadDoesNotBreakTheFloatReadsOfLaterSearches() {
        Random random = new Random(31);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            entries.add(new IndexEntry(TENANT, "user-" + i, i, MODEL, unit(random, DIM)));
        }
        // scanned exactly on the calling thread: every float vector is read by this thread
        index.updateSearchSettings(HnswSettings.DEFAULTS.withSearch(100, 10_000, 0));
        index.rebuild(entries.stream(), Stream.of());
        float[] probe = entries.get(42).vector();
        assertEquals("user-42", index.search(TENANT, MODEL, probe, 5).get(0).userReference());
        Thread.currentThread().interrupt(); // as a stopping thread pool or a cancelled request does
        try {
            index.search(TENANT, MODEL, probe, 5);
        } catch (RuntimeException acceptable) {
            // this search may fail; the index must not
        } finally {
            Thread.interrupted();
        }
        // through NIOFS the interrupted read would have closed the file's channel for every later search
        assertEquals("user-42", index.search(TENANT, MODEL, probe, 5).get(0).userReference());
    }

    @Test
    public void floatVectorsAreReadNotMappedWhileGraphAndCodesAreMapped() throws IOException {
        Path smaps = Path.of("/proc/self/smaps");
        org.junit.Assume.assumeTrue("needs Linux's /proc/self/smaps", Files.isReadable(smaps));
        Random random = new Random(5);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            entries.add(new IndexEntry(TENANT, "user-" + i, i, MODEL, unit(random, DIM)));
        }
        index.updateSearchSettings(HnswSettings.DEFAULTS.withSearch(500, 0, 0));
        index.rebuild(entries.stream(), Stream.of()); // one flushed segment, not a compound file
        for (int q = 0; q < 20; q++) {
            assertEquals(5, index.search(TENANT, MODEL, unit(random, DIM), 5).size());
        }
        Set<String> mapped = new HashSet<>();
        String prefix = root.toRealPath().toString() + "/";
        for (String line : Files.readAllLines(smaps)) {
            String[] parts = line.split("\\s+", 6);
            if (parts.length == 6 && parts[5].startsWith(prefix)) {
                mapped.add(parts[5].substring(parts[5].lastIndexOf('.') + 1));
            }
        }
        assertTrue("graph and int7 codes mapped: " + mapped, mapped.contains("vex") && mapped.contains("veq"));
        assertFalse("float vectors mapped: " + mapped, mapped.contains(TenantShard.FLOAT_VECTORS_EXTENSION));
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
        assertEquals(Set.of(), index.groupsOf(1, "same-ref"));
        // the same template id in two tenants is two templates
        assertTrue(index.remove(2, 1));
        assertEquals(1, index.search(1, MODEL, axis(0, 4), 5).size());
        assertFalse(index.score(2, MODEL, "same-ref", axis(0, 4)).isPresent());
        assertTrue(index.score(1, MODEL, "same-ref", axis(0, 4)).isPresent());
    }

    @Test
    public void modelsAreNeverComparedAndDimensionsAreChecked() {
        index.add(new IndexEntry(TENANT, "old", 1, "fr_feature:1", atAngle(0, 4)));
        index.add(new IndexEntry(TENANT, "new", 2, "fr_feature:2", atAngle(0, 8)));
        assertEquals(List.of("old"), refs(index.search(TENANT, "fr_feature:1", axis(0, 4), 5)));
        assertEquals(List.of("new"), refs(index.search(TENANT, "fr_feature:2", axis(0, 8), 5)));
        assertTrue(index.hasTemplates(TENANT, "fr_feature:1"));
        assertFalse(index.hasTemplates(TENANT, "fr_feature:3"));
        assertEquals(List.of(), index.search(TENANT, "fr_feature:3", axis(0, 8), 5));
        assertThrows(() -> index.add(new IndexEntry(TENANT, "x", 3, "fr_feature:1", atAngle(0, 8))));
        assertThrows(() -> index.search(TENANT, "fr_feature:1", axis(0, 8), 5));
        assertThrows(() -> index.search(TENANT, "fr_feature:1", axis(0, 4), 0));
        float[] broken = atAngle(0, 4);
        broken[2] = Float.NaN;
        assertThrows(() -> index.add(new IndexEntry(TENANT, "x", 4, "fr_feature:1", broken)));
        assertEquals(2, index.stats(TENANT).templates());
    }

    @Test
    public void deletesAndUpdatesAreEffectiveAtOnce() {
        Random random = new Random(3);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            IndexEntry entry = new IndexEntry(TENANT, "user-" + (i / 2), i, MODEL, unit(random, DIM));
            entries.add(entry);
            index.add(entry);
        }
        // A query equal to a template finds its user first; once erased, that user never comes back.
        int erased = 0;
        for (int i = 0; i < 40; i++) {
            IndexEntry target = entries.get(random.nextInt(entries.size()));
            String user = target.userReference();
            if (index.score(TENANT, MODEL, user, target.vector()).isEmpty()) {
                continue; // erased in an earlier round
            }
            assertEquals(user, index.search(TENANT, MODEL, target.vector(), 1).get(0).userReference());
            assertEquals(2, index.removeUser(TENANT, user));
            assertFalse(refs(index.search(TENANT, MODEL, target.vector(), 50)).contains(user));
            assertFalse(index.score(TENANT, MODEL, user, target.vector()).isPresent());
            assertEquals(0, index.removeUser(TENANT, user));
            erased++;
        }
        // A single template removed: its user is now matched on the other one only.
        IndexEntry kept = entries.get(2998);
        IndexEntry removed = entries.get(2999);
        if (index.score(TENANT, MODEL, kept.userReference(), kept.vector()).isEmpty()) {
            fail("pick another pair: this user was erased above");
        }
        assertTrue(index.remove(TENANT, removed.templateId()));
        assertFalse(index.remove(TENANT, removed.templateId()));
        UserMatch after = index.score(TENANT, MODEL, kept.userReference(), removed.vector()).orElseThrow();
        assertEquals(kept.templateId(), after.templateId());
        // An update (same template id, new vector) is matched on the new vector only.
        float[] moved = unit(random, DIM);
        index.add(new IndexEntry(TENANT, kept.userReference(), kept.templateId(), MODEL, moved));
        assertEquals(1f, index.search(TENANT, MODEL, moved, 1).get(0).score(), 1e-5);
        assertTrue(index.score(TENANT, MODEL, kept.userReference(), kept.vector()).orElseThrow().score() < 0.5f);
        IndexStats stats = index.stats(TENANT);
        assertEquals(3000 - 2 * erased - 1, stats.templates());
        assertEquals(1500 - erased, stats.users());
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
        assertFalse(index.removeFromGroup(TENANT, "b", "staff"));
        assertEquals(List.of("c"), refs(index.search(TENANT, MODEL, query, 5, Set.of("staff"))));
        index.setGroups(TENANT, "c", Set.of("visitors"));
        assertEquals(Set.of("visitors"), index.groupsOf(TENANT, "c"));
        assertEquals(List.of("c", "d"), refs(index.search(TENANT, MODEL, query, 5, Set.of("visitors"))));
        index.removeGroup(TENANT, "visitors");
        assertEquals(List.of(), index.search(TENANT, MODEL, query, 5, Set.of("visitors")));
        assertEquals(Set.of(), index.groupsOf(TENANT, "c"));
        // Memberships of a user outlive its templates until the user is removed.
        index.addToGroup(TENANT, "a", "staff");
        assertTrue(index.remove(TENANT, 1));
        assertEquals(Set.of("staff"), index.groupsOf(TENANT, "a"));
        index.removeUser(TENANT, "a");
        assertEquals(Set.of(), index.groupsOf(TENANT, "a"));
    }

    /** A small group (1 % of users) by exact scan, a large one (30 %) on graph candidates: both as exact. */
    @Test
    public void groupSearchesReturnTheGroupsTrueBestMembers() {
        Random random = new Random(11);
        ExactTemplateIndex exact = new ExactTemplateIndex();
        index.close();
        index = new HnswTemplateIndex(root, HnswSettings.DEFAULTS.withSearch(100, 0, 100));
        for (int i = 0; i < 5000; i++) {
            IndexEntry entry = new IndexEntry(TENANT, "user-" + i, i, MODEL, unit(random, DIM));
            index.add(entry);
            exact.add(entry);
            String group = i % 100 == 0 ? "small" : i % 10 < 3 ? "large" : null;
            if (group != null) {
                index.addToGroup(TENANT, entry.userReference(), group);
                exact.addToGroup(TENANT, entry.userReference(), group);
            }
        }
        int hits5 = 0;
        int hitsLarge = 0;
        for (int q = 0; q < 50; q++) {
            float[] query = unit(random, DIM);
            List<UserMatch> expected = exact.search(TENANT, MODEL, query, 5, Set.of("small"));
            assertEquals(expected, index.search(TENANT, MODEL, query, 5, Set.of("small")));
            List<String> expectedLarge = refs(exact.search(TENANT, MODEL, query, 5, Set.of("large")));
            List<String> actualLarge = refs(index.search(TENANT, MODEL, query, 5, Set.of("large")));
            assertEquals(5, actualLarge.size());
            assertTrue(actualLarge.stream().allMatch(r -> Integer.parseInt(r.substring(5)) % 10 < 3));
            hitsLarge += intersection(expectedLarge, actualLarge);
            hits5 += 5;
        }
        assertTrue("large-group recall@5 " + (double) hitsLarge / hits5, (double) hitsLarge / hits5 >= 0.95);
    }

    @Test
    public void smallGalleriesAreSearchedExactly() {
        index.close();
        index = new HnswTemplateIndex(root, HnswSettings.DEFAULTS); // exact up to 2,000 templates
        Random random = new Random(5);
        ExactTemplateIndex exact = new ExactTemplateIndex();
        for (int i = 0; i < 1500; i++) {
            IndexEntry entry = new IndexEntry(TENANT, "user-" + random.nextInt(400), i, MODEL, unit(random, 64));
            index.add(entry);
            exact.add(entry);
        }
        for (int q = 0; q < 20; q++) {
            float[] query = unit(random, 64);
            assertEquals(exact.search(TENANT, MODEL, query, 10), index.search(TENANT, MODEL, query, 10));
        }
    }

    // ---- persistence and rebuild

    @Test
    public void contentSurvivesCloseAndReopen() {
        Random random = new Random(9);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            entries.add(new IndexEntry(i % 2 + 1, "user-" + i, i, MODEL, unit(random, DIM)));
        }
        index.rebuild(entries.stream(), Stream.of(new GroupMembership(1, "user-0", "vip")));
        index.add(new IndexEntry(1, "late", 5000, MODEL, entries.get(10).vector()));
        index.addToGroup(1, "late", "vip");
        index.removeUser(2, "user-1");
        assertTrue(index.remove(1, 2));
        float[] query = entries.get(10).vector();
        List<UserMatch> before = index.search(1, MODEL, query, 5);
        IndexStats statsBefore = index.stats();

        index.close();
        index = new HnswTemplateIndex(root, GRAPH_ONLY);

        assertEquals(before, index.search(1, MODEL, query, 5));
        assertEquals(Set.of("vip"), index.groupsOf(1, "late"));
        assertEquals(List.of("late", "user-0"), refs(index.search(1, MODEL, query, 5, Set.of("vip"))));
        assertFalse(index.score(2, MODEL, "user-1", entries.get(1).vector()).isPresent());
        assertFalse(index.score(1, MODEL, "user-2", entries.get(2).vector()).isPresent());
        IndexStats statsAfter = index.stats();
        assertEquals(statsBefore.templates(), statsAfter.templates());
        assertEquals(2000 + 1 - 1 - 1, statsAfter.templates());
        assertEquals(statsBefore.users(), statsAfter.users());
        assertEquals(2, statsAfter.tenants());
        assertTrue(index.hasTemplates(2, MODEL));
    }

    /** Users are counted from memory: every write keeps the count, and a re-opened index counts the same. */
    @Test
    public void statsCountUsersThroughEveryKindOfWriteAndAcrossReopen() {
        Random random = new Random(5);
        index.add(new IndexEntry(TENANT, "penny", 1, MODEL, unit(random, 32)));
        index.add(new IndexEntry(TENANT, "penny", 2, MODEL, unit(random, 32)));
        index.add(new IndexEntry(TENANT, "amy", 3, MODEL, unit(random, 32)));
        index.add(new IndexEntry(TENANT, "howard", 4, "other:1", unit(random, 16)));
        assertEquals(3, index.stats().users());
        index.addToGroup(TENANT, "raj", "friends"); // a member without templates counts too
        index.addToGroup(TENANT, "penny", "friends");
        assertEquals(4, index.stats().users());
        index.add(new IndexEntry(TENANT, "amy", 2, MODEL, unit(random, 32))); // penny's template 2 becomes amy's
        assertEquals(4, index.stats().users());
        assertTrue(index.remove(TENANT, 1)); // penny's last template; her membership keeps her counted
        assertEquals(4, index.stats().users());
        index.removeUser(TENANT, "penny");
        assertEquals(3, index.stats().users());
        index.removeUser(TENANT, "howard");
        assertEquals(2, index.stats().users());
        assertEquals(2, index.stats().templates());

        index.close();
        index = new HnswTemplateIndex(root, GRAPH_ONLY);
        assertEquals(2, index.stats().users());
        index.rebuild(Stream.of(new IndexEntry(TENANT, "sheldon", 9, MODEL, unit(random, 32)),
                new IndexEntry(TENANT, "leonard", 10, MODEL, unit(random, 32)),
                new IndexEntry(TENANT, "leonard", 11, MODEL, unit(random, 32))), Stream.of());
        assertEquals(2, index.stats().users());
        assertEquals(3, index.stats().templates());
    }

    @Test
    public void onlyAnIndexThatReopenedContentResumesIt() {
        assertTrue("nothing persisted: the consumer must fill it", index.resume().isEmpty());
        Random random = new Random(6);
        List<IndexEntry> entries = List.of(new IndexEntry(TENANT, "penny", 1, MODEL, unit(random, 32)),
                new IndexEntry(TENANT, "amy", 2, MODEL, unit(random, 32)));
        index.rebuild(entries.stream(), Stream.of());
        index.close();
        index = new HnswTemplateIndex(root, GRAPH_ONLY);
        assertEquals(checksum(entries, List.of()), index.resume().getAsLong());
        assertEquals("penny", index.search(TENANT, MODEL, entries.get(0).vector(), 1).get(0).userReference());
    }

    @Test
    public void aReopenedIndexKnowsItsChecksumAndARebuildFromTheSameContentWritesNothing() {
        Random random = new Random(21);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(new IndexEntry(i % 2 + 1, "user-" + (i / 2), i, MODEL, unit(random, 64)));
        }
        List<GroupMembership> links = List.of(new GroupMembership(1, "user-0", "vip"),
                new GroupMembership(2, "user-3", "staff"));
        index.rebuild(entries.stream(), links.stream());
        assertEquals(500, index.lastRebuildWrites());
        long expected = checksum(entries, links);
        assertEquals(expected, index.checksum().getAsLong());
        index.close();

        index = new HnswTemplateIndex(root, GRAPH_ONLY);
        assertEquals(expected, index.checksum().getAsLong());
        index.rebuild(entries.stream(), links.stream());
        assertEquals(0, index.lastRebuildWrites());
        assertEquals(expected, index.checksum().getAsLong());
        assertEquals(Set.of("vip"), index.groupsOf(1, "user-0"));
        assertEquals("user-7", index.search(2, MODEL, entries.get(15).vector(), 1).get(0).userReference());
    }

    @Test
    public void aRebuildAfterMissedWritesWritesOnlyWhatDiffers() {
        Random random = new Random(22);
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(new IndexEntry(TENANT, "user-" + i, i, MODEL, unit(random, 64)));
        }
        index.rebuild(entries.stream(), Stream.of());
        index.close();
        index = new HnswTemplateIndex(root, GRAPH_ONLY);
        // storage moved on while the index was away: one template added, one deleted, one replaced
        List<IndexEntry> now = new ArrayList<>(entries);
        now.add(new IndexEntry(TENANT, "newcomer", 1000, MODEL, unit(random, 64)));
        now.remove(5);
        float[] replaced = unit(random, 64);
        now.set(10, new IndexEntry(TENANT, "user-11", 11, MODEL, replaced));
        assertTrue(index.checksum().getAsLong() != checksum(now, List.of()));

        index.rebuild(now.stream(), Stream.of());
        assertEquals(3, index.lastRebuildWrites());
        assertEquals(checksum(now, List.of()), index.checksum().getAsLong());
        assertEquals(300, index.stats().templates());
        assertFalse(index.score(TENANT, MODEL, "user-5", entries.get(5).vector()).isPresent());
        assertEquals(1f, index.score(TENANT, MODEL, "user-11", replaced).get().score(), 1e-5);
        assertEquals("newcomer", index.search(TENANT, MODEL, now.get(now.size() - 1).vector(), 1).get(0).userReference());
    }

    @Test
    public void anUnreadableTenantIndexIsDroppedAtOpenAndItsChecksumNoLongerCounts() throws IOException {
        index.add(new IndexEntry(1, "a", 1, MODEL, atAngle(0, 4)));
        index.add(new IndexEntry(2, "b", 2, MODEL, atAngle(0, 4)));
        index.close();
        try (Stream<Path> files = Files.list(root.resolve("tenant-2"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith("segments")) {
                    Files.write(file, new byte[] {1, 2, 3}); // the commit point is garbage
                }
            }
        }
        index = new HnswTemplateIndex(root, GRAPH_ONLY);
        assertEquals(List.of("a"), refs(index.search(1, MODEL, axis(0, 4), 5)));
        assertEquals(List.of(), index.search(2, MODEL, axis(0, 4), 5));
        assertEquals(io.visage.api.index.IndexChecksum.of(new IndexEntry(1, "a", 1, MODEL, atAngle(0, 4))),
                index.checksum().getAsLong());
        index.rebuild(Stream.of(new IndexEntry(1, "a", 1, MODEL, atAngle(0, 4)),
                new IndexEntry(2, "b", 2, MODEL, atAngle(0, 4))), Stream.of());
        assertEquals(1, index.lastRebuildWrites());
        assertEquals(List.of("b"), refs(index.search(2, MODEL, axis(0, 4), 5)));
    }

    private static long checksum(List<IndexEntry> entries, List<GroupMembership> links) {
        long sum = 0;
        for (IndexEntry e : entries) {
            sum += io.visage.api.index.IndexChecksum.of(e);
        }
        for (GroupMembership m : links) {
            sum += io.visage.api.index.IndexChecksum.of(m);
        }
        return sum;
    }

    @Test
    public void pendingWritesAreCommittedInTheBackground() throws Exception {
        index.close();
        index = new HnswTemplateIndex(root, new HnswSettings(16, 100, 7, 100, 0, 0, 0, 64, 1));
        index.add(new IndexEntry(TENANT, "alice", 1, MODEL, atAngle(0, 8)));
        Thread.sleep(2500);
        // A copy of the folder as a crash would leave it: only what was committed is there.
        Path copy = folder.newFolder("copy").toPath();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(root.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("write.lock")) {
                    Files.copy(file, target);
                }
            }
        }
        HnswTemplateIndex reopened = new HnswTemplateIndex(copy, GRAPH_ONLY);
        try {
            assertEquals(List.of("alice"), refs(reopened.search(TENANT, MODEL, axis(0, 8), 5)));
        } finally {
            reopened.close();
        }
    }

    @Test
    public void rebuildReplacesEverythingAndDropsTenantsItNoLongerHas() {
        index.add(new IndexEntry(1, "gone", 1, MODEL, atAngle(0, 4)));
        index.add(new IndexEntry(3, "tenant-three", 1, MODEL, atAngle(0, 4)));
        index.addToGroup(1, "gone", "g");
        index.rebuild(Stream.of(new IndexEntry(1, "kept", 7, MODEL, atAngle(10, 4)),
                new IndexEntry(2, "new-tenant", 8, MODEL, atAngle(0, 4))),
                Stream.of(new GroupMembership(1, "kept", "g")));
        assertEquals(List.of("kept"), refs(index.search(1, MODEL, axis(0, 4), 5)));
        assertEquals(List.of("kept"), refs(index.search(1, MODEL, axis(0, 4), 5, Set.of("g"))));
        assertEquals(Set.of(), index.groupsOf(1, "gone"));
        assertEquals(List.of("new-tenant"), refs(index.search(2, MODEL, axis(0, 4), 5)));
        assertEquals(List.of(), index.search(3, MODEL, axis(0, 4), 5));
        assertEquals(2, index.stats().tenants());
        assertFalse(Files.exists(root.resolve("tenant-3")));
    }

    @Test
    public void aFailedRebuildLeavesThePreviousContent() {
        index.add(new IndexEntry(1, "alice", 1, MODEL, atAngle(0, 4)));
        index.addToGroup(1, "alice", "g");
        assertThrows(() -> index.rebuild(Stream.of(new IndexEntry(1, "bob", 2, MODEL, atAngle(0, 4)),
                new IndexEntry(1, "carol", 3, MODEL, atAngle(0, 8))), Stream.of()));
        assertEquals(List.of("alice"), refs(index.search(1, MODEL, axis(0, 4), 5, Set.of("g"))));
        index.add(new IndexEntry(1, "dave", 4, MODEL, atAngle(5, 4)));
        assertEquals(List.of("alice", "dave"), refs(index.search(1, MODEL, axis(0, 4), 5)));
    }

    @Test
    public void aRebuildThatFailsWhileTwoThreadsWriteLeavesThePreviousContent() throws IOException {
        try (HnswTemplateIndex two = new HnswTemplateIndex(folder.newFolder("failing").toPath(), GRAPH_ONLY,
                new HnswThreads(2))) {
            two.add(new IndexEntry(1, "alice", 1, MODEL, atAngle(0, 4)));
            Random random = new Random(3);
            Stream<IndexEntry> failing = Stream.iterate(0, i -> i + 1).limit(3_000).map(i -> {
                if (i == 2_500) {
                    throw new IllegalArgumentException("storage went away");
                }
                return new IndexEntry(1, "u" + i, 100 + i, MODEL, unit(random, 4));
            });
            assertThrows(() -> two.rebuild(failing, Stream.of()));
            assertEquals(1, two.stats().templates());
            assertEquals(List.of("alice"), refs(two.search(1, MODEL, axis(0, 4), 5)));
            two.rebuild(Stream.of(new IndexEntry(1, "bob", 2, MODEL, atAngle(0, 4))), Stream.of());
            assertEquals(List.of("bob"), refs(two.search(1, MODEL, axis(0, 4), 5)));
        }
    }

    @Test
    public void clearDropsTenantsFromMemoryAndDisk() {
        index.add(new IndexEntry(1, "a", 1, MODEL, atAngle(0, 4)));
        index.add(new IndexEntry(2, "b", 1, MODEL, atAngle(0, 4)));
        index.clear(1);
        assertEquals(List.of(), index.search(1, MODEL, axis(0, 4), 5));
        assertFalse(Files.exists(root.resolve("tenant-1")));
        assertEquals(1, index.stats().tenants());
        index.clear();
        assertEquals(IndexStats.EMPTY.templates(), index.stats().templates());
        assertFalse(index.hasTemplates(2, MODEL));
        index.add(new IndexEntry(2, "c", 1, MODEL, atAngle(0, 4)));
        assertEquals(List.of("c"), refs(index.search(2, MODEL, axis(0, 4), 5)));
    }

    // ---- helpers

    private record Recall(double at1, double at5) {
    }

    /** Same entries into both indexes; recall@1 and @5 of users over 200 queries. */
    private Recall compareWithExact(List<IndexEntry> entries, java.util.function.Supplier<float[]> queries,
            int candidates) {
        index.updateSearchSettings(HnswSettings.DEFAULTS.withSearch(candidates, 0, 0));
        ExactTemplateIndex exact = new ExactTemplateIndex();
        exact.rebuild(entries.stream(), Stream.of());
        index.rebuild(entries.stream(), Stream.of());
        int top1 = 0;
        int top5 = 0;
        int queriesRun = 200;
        for (int q = 0; q < queriesRun; q++) {
            float[] query = queries.get();
            List<String> expected = refs(exact.search(TENANT, MODEL, query, 5));
            List<UserMatch> actual = index.search(TENANT, MODEL, query, 5);
            assertEquals(5, actual.size());
            if (expected.get(0).equals(actual.get(0).userReference())) {
                top1++;
            }
            top5 += intersection(expected, refs(actual));
        }
        return new Recall((double) top1 / queriesRun, (double) top5 / (5.0 * queriesRun));
    }

    private static int intersection(List<String> a, List<String> b) {
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return common.size();
    }

    private static void assertThrows(Runnable action) {
        try {
            action.run();
            fail("expected IllegalArgumentException");
        } catch (IllegalArgumentException expected) {
            // as specified
        }
    }

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

    static float[] unit(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    /** Another sample of the same identity: cosine to the centre about 0.7, as genuine face pairs score. */
    private static float[] noisy(Random random, float[] centre) {
        float[] v = new float[centre.length];
        double sigma = 1.0 / Math.sqrt(centre.length);
        for (int i = 0; i < v.length; i++) {
            v[i] = centre[i] + (float) (random.nextGaussian() * sigma);
        }
        return normalise(v);
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private static List<String> refs(List<UserMatch> matches) {
        return matches.stream().map(UserMatch::userReference).collect(Collectors.toList());
    }
}
