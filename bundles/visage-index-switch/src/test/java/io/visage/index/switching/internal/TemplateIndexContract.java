package io.visage.index.switching.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;
import io.visage.index.exact.internal.ExactTemplateIndex;

/**
 * What every {@link TemplateIndex} does, whatever the backend: each subclass runs these against one (the exact
 * index, the HNSW index searching through its graph, the switch in each mode). Galleries are large enough for
 * the HNSW index to search its graph, and answers are compared with an exact index over the same content.
 */
public abstract class TemplateIndexContract {

    static final String MODEL = "fr_feature:1";
    static final String OTHER_MODEL = "faceapi_resnet:1";
    static final int DIM = 64;

    private final Random random = new Random(11);
    protected TemplateIndex index;

    /** A new, empty index of the backend under test. */
    protected abstract TemplateIndex create() throws Exception;

    /** Releases what {@link #create()} made. */
    protected void dispose(TemplateIndex done) throws Exception {
    }

    @Before
    public void open() throws Exception {
        index = create();
    }

    @After
    public void close() throws Exception {
        dispose(index);
    }

    @Test
    public void deletesAndUpdatesAreEffectiveAtOnce() {
        List<IndexEntry> gallery = gallery(1, 3000);
        index.rebuild(gallery.stream(), Stream.of());
        IndexEntry target = gallery.get(1234);
        assertEquals(target.userReference(), top1(1, target.vector()));

        assertTrue(index.remove(1, target.templateId()));
        assertFalse(refs(index.search(1, MODEL, target.vector(), 5)).contains(target.userReference()));
        assertFalse(index.score(1, MODEL, target.userReference(), target.vector()).isPresent());

        // an update: the user is matched on its new template only
        IndexEntry other = gallery.get(77);
        float[] replacement = unit();
        index.removeUser(1, other.userReference());
        index.add(new IndexEntry(1, other.userReference(), 90_000, MODEL, replacement));
        assertEquals(other.userReference(), top1(1, replacement));
        assertFalse(refs(index.search(1, MODEL, other.vector(), 5)).contains(other.userReference()));
        assertEquals(90_000L, index.score(1, MODEL, other.userReference(), replacement).get().templateId());

        // erasure of a user with several templates
        index.add(new IndexEntry(1, "erased", 90_001, MODEL, gallery.get(5).vector()));
        index.add(new IndexEntry(1, "erased", 90_002, MODEL, gallery.get(6).vector()));
        assertEquals(2, index.removeUser(1, "erased"));
        assertFalse(refs(index.search(1, MODEL, gallery.get(5).vector(), 10)).contains("erased"));
    }

    @Test
    public void severalTemplatesPerUserRankTheUserOnceByItsBest() {
        List<IndexEntry> gallery = gallery(1, 2500);
        index.rebuild(gallery.stream(), Stream.of());
        float[] probe = unit();
        index.add(new IndexEntry(1, "multi", 80_000, MODEL, unit()));
        index.add(new IndexEntry(1, "multi", 80_001, MODEL, probe));
        index.add(new IndexEntry(1, "multi", 80_002, MODEL, probe.clone()));
        List<UserMatch> top = index.search(1, MODEL, probe, 5);
        assertEquals("multi", top.get(0).userReference());
        assertEquals(1, top.stream().filter(m -> m.userReference().equals("multi")).count());
        assertEquals(5, top.size());
        assertEquals(1f, index.score(1, MODEL, "multi", probe).get().score(), 1e-5);
    }

    @Test
    public void tenantsModelsAndTopNAreKeptApart() {
        index.rebuild(Stream.concat(gallery(1, 2200).stream(), gallery(2, 2200).stream()), Stream.of());
        float[] probe = unit();
        index.add(new IndexEntry(2, "only-in-2", 70_000, MODEL, probe));
        index.add(new IndexEntry(1, "other-model", 70_001, OTHER_MODEL, probe));
        assertEquals("only-in-2", top1(2, probe));
        assertFalse(refs(index.search(1, MODEL, probe, 20)).contains("only-in-2"));
        assertFalse(refs(index.search(1, MODEL, probe, 20)).contains("other-model"));
        assertEquals(List.of("other-model"), refs(index.search(1, OTHER_MODEL, probe, 5)));
        assertFalse(index.hasTemplates(3, MODEL));
        assertEquals(List.of(), index.search(3, MODEL, probe, 5));
        for (int n : new int[] {1, 7, 50}) {
            assertEquals(n, index.search(1, MODEL, probe, n).size());
        }
        try {
            index.search(1, MODEL, probe, 0);
            fail("top_n 0 accepted");
        } catch (IllegalArgumentException expected) {
            // refused
        }
        try {
            index.search(1, MODEL, new float[DIM + 1], 5);
            fail("wrong dimension accepted");
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }

    @Test
    public void aSelectiveGroupReturnsItsTrueBestMembers() {
        List<IndexEntry> gallery = gallery(1, 4000);
        List<GroupMembership> links = new ArrayList<>();
        for (int i = 0; i < 4000; i += 400) { // 10 members: 0.25 % of the gallery
            links.add(new GroupMembership(1, gallery.get(i).userReference(), "board"));
        }
        links.add(new GroupMembership(1, gallery.get(1).userReference(), "staff"));
        index.rebuild(gallery.stream(), links.stream());
        ExactTemplateIndex exact = new ExactTemplateIndex();
        exact.rebuild(gallery.stream(), links.stream());
        for (int q = 0; q < 10; q++) {
            float[] probe = unit();
            assertEquals(exact.search(1, MODEL, probe, 5, Set.of("board")), index.search(1, MODEL, probe, 5, Set.of("board")));
            assertEquals(exact.search(1, MODEL, probe, 3, Set.of("board", "staff")),
                    index.search(1, MODEL, probe, 3, Set.of("board", "staff")));
        }
        index.removeFromGroup(1, gallery.get(0).userReference(), "board");
        assertFalse(refs(index.search(1, MODEL, gallery.get(0).vector(), 10, Set.of("board")))
                .contains(gallery.get(0).userReference()));
        assertEquals(Set.of("staff"), index.groupsOf(1, gallery.get(1).userReference()));
        index.removeGroup(1, "staff");
        assertEquals(Set.of(), index.groupsOf(1, gallery.get(1).userReference()));
        assertEquals(List.of(), index.search(1, MODEL, unit(), 5, Set.of("staff")));
    }

    @Test
    public void topFiveAgreesWithTheExactIndex() {
        List<IndexEntry> gallery = gallery(1, 3000);
        index.rebuild(gallery.stream(), Stream.of());
        ExactTemplateIndex exact = new ExactTemplateIndex();
        exact.rebuild(gallery.stream(), Stream.of());
        int found = 0;
        for (int q = 0; q < 50; q++) {
            float[] probe = unit();
            List<String> expected = refs(exact.search(1, MODEL, probe, 5));
            List<String> actual = refs(index.search(1, MODEL, probe, 5));
            found += (int) expected.stream().filter(actual::contains).count();
        }
        assertTrue("recall@5 " + found / 250.0, found >= 0.99 * 250);
    }

    // ---- helpers

    static void deleteRecursively(java.nio.file.Path root) throws java.io.IOException {
        try (Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(root)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    private String top1(long tenant, float[] probe) {
        return index.search(tenant, MODEL, probe, 1).get(0).userReference();
    }

    List<IndexEntry> gallery(long tenant, int size) {
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            entries.add(new IndexEntry(tenant, "t" + tenant + "-user-" + i, tenant * 1_000_000 + i, MODEL, unit()));
        }
        return entries;
    }

    float[] unit() {
        float[] v = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    static List<String> refs(List<UserMatch> matches) {
        return matches.stream().map(UserMatch::userReference).collect(Collectors.toList());
    }
}
