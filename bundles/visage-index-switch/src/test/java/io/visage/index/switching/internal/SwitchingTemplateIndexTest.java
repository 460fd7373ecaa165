package io.visage.index.switching.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexSwitch;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;
import io.visage.index.exact.internal.ExactTemplateIndex;
import io.visage.index.hnsw.internal.HnswSettings;
import io.visage.index.hnsw.internal.HnswTemplateIndex;

/**
 * The switch over the real exact and HNSW backends, with a map standing for storage: every write goes to
 * "storage" first and then to the index, as the gallery does.
 */
public class SwitchingTemplateIndexTest {

    private static final String MODEL = "fr_feature:1";
    private static final int DIM = 64;
    /** HNSW through the graph even for small galleries. */
    private static final HnswSettings GRAPH = HnswSettings.DEFAULTS.withSearch(200, 0, 0);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final Map<Long, IndexEntry> storage = new ConcurrentHashMap<>();
    private final List<GroupMembership> links = new CopyOnWriteArrayList<>();
    private final AtomicBoolean storageUp = new AtomicBoolean(true);
    private final Random random = new Random(5);
    private Path hnswDir;
    private ExactTemplateIndex exact;
    private HnswTemplateIndex hnsw;
    private SwitchingTemplateIndex index;

    @Before
    public void setUp() throws IOException {
        hnswDir = folder.newFolder("hnsw").toPath();
        exact = new ExactTemplateIndex();
        hnsw = new HnswTemplateIndex(hnswDir, GRAPH);
        index = new SwitchingTemplateIndex(exact, this::snapshot, "exact", 50);
        index.approximateAppeared(hnsw);
    }

    @After
    public void tearDown() {
        index.close();
        if (hnsw != null) {
            hnsw.close();
        }
    }

    private final AtomicInteger snapshots = new AtomicInteger();

    private HeldContent snapshot() {
        snapshots.incrementAndGet();
        if (!storageUp.get()) {
            throw new IllegalStateException("storage is not available");
        }
        return new HeldContent(new ArrayList<>(storage.values()), List.copyOf(links));
    }

    private IndexEntry enrol(long tenant, String user, long id) {
        IndexEntry entry = new IndexEntry(tenant, user, id, MODEL, unit());
        storage.put(id, entry);
        index.add(entry);
        return entry;
    }

    private void fillStorage(long tenant, int users) {
        for (int i = 0; i < users; i++) {
            IndexEntry entry = new IndexEntry(tenant, "user-" + tenant + "-" + i, tenant * 100_000 + i, MODEL, unit());
            storage.put(entry.templateId(), entry);
        }
    }

    private void coreRebuild() {
        index.rebuild(new ArrayList<>(storage.values()).stream(), List.copyOf(links).stream());
    }

    @Test
    public void aStoppingSwitchEndsItsBuildWithoutInterruptingItAndTheApproximateIndexKeepsItsContent()
            throws Exception {
        fillStorage(1, 300);
        coreRebuild();
        index.select("hnsw");
        awaitState("hnsw", "serving");
        long persisted = hnsw.checksum().getAsLong();
        index.close();

        // a switch whose storage streams slowly: its build is under way when it is stopped
        AtomicBoolean interrupted = new AtomicBoolean();
        java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
        List<IndexEntry> content = new ArrayList<>(storage.values());
        SwitchingTemplateIndex.Source slow = new SwitchingTemplateIndex.Source() {
            @Override
            public java.util.stream.Stream<IndexEntry> templateStream() {
                return content.stream().peek(e -> {
                    streaming.countDown();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException stopped) {
                        interrupted.set(true);
                        Thread.currentThread().interrupt();
                    }
                });
            }

            @Override
            public List<GroupMembership> memberships() {
                return List.of();
            }

            @Override
            public long templateCount() {
                return content.size();
            }
        };
        exact = new ExactTemplateIndex();
        index = new SwitchingTemplateIndex(exact, () -> slow, "exact", 50);
        index.approximateAppeared(hnsw);
        coreRebuild(); // the exact index answers
        index.select("hnsw"); // HNSW is not ready in this switch: built in the background from the slow source
        assertTrue(streaming.await(10, java.util.concurrent.TimeUnit.SECONDS));
        long start = System.nanoTime();
        index.close();
        assertTrue("stopped at its next template", System.nanoTime() - start < 5_000_000_000L);
        assertFalse("the build thread was interrupted", interrupted.get());
        // the persisted index is intact: its previous content and checksum, and it answers
        assertEquals(persisted, hnsw.checksum().getAsLong());
        IndexEntry probe = storage.get(100_000L + 11);
        assertEquals(probe.userReference(), hnsw.search(1, MODEL, probe.vector(), 1).get(0).userReference());
    }

    @Test
    public void exactToApproximateAndBackUnderWritesLosesNothingAndFreesTheExactIndex() throws Exception {
        fillStorage(1, 400);
        coreRebuild();
        assertEquals("serving", state("exact"));
        assertEquals("idle", state("hnsw"));

        index.select("hnsw");
        // writes while the approximate index is being built: logged and replayed onto it
        IndexEntry added = enrol(1, "late", 9_000);
        assertTrue(index.remove(1, 100_000 + 7));
        storage.remove(100_000L + 7);
        awaitState("hnsw", "serving");
        assertEquals(List.of("late"), refs(index.search(1, MODEL, added.vector(), 1)));
        assertFalse(index.score(1, MODEL, "user-1-7", unit()).isPresent());
        awaitState("exact", "idle");
        assertEquals("the exact index is cleared once retired", 0, exact.stats().templates());
        assertEquals(400, hnsw.stats().templates());

        // writes now go to the approximate index only, and the way back builds the exact one from storage
        IndexEntry later = enrol(1, "later", 9_001);
        index.select("exact");
        awaitState("exact", "serving");
        awaitState("hnsw", "idle");
        assertEquals(401, exact.stats().templates());
        assertEquals(List.of("later"), refs(index.search(1, MODEL, later.vector(), 1)));
        assertEquals("exact", index.mode());
    }

    @Test
    public void eachSearchIsTimedUnderTheBackendThatAnsweredIt() throws Exception {
        fillStorage(1, 300);
        coreRebuild();
        List<String> answered = new CopyOnWriteArrayList<>();
        List<Long> nanos = new CopyOnWriteArrayList<>();
        index.reportSearchTimes((backend, took) -> {
            answered.add(backend);
            nanos.add(took);
        });
        IndexEntry probe = storage.get(100_000L + 5);
        assertEquals(probe.userReference(), index.search(1, MODEL, probe.vector(), 1).get(0).userReference());
        index.select("hnsw");
        awaitState("hnsw", "serving");
        assertEquals(probe.userReference(), index.search(1, MODEL, probe.vector(), 1).get(0).userReference());
        index.score(1, MODEL, probe.userReference(), probe.vector()); // 1:1 is not a gallery search
        assertEquals(List.of("exact", "hnsw"), answered);
        assertTrue(nanos.toString(), nanos.stream().allMatch(n -> n > 0));

        index.reportSearchTimes(null); // the metrics bundle stopped
        index.search(1, MODEL, probe.vector(), 1);
        assertEquals(2, answered.size());
    }

    @Test
    public void aStoppedSwitchDoesNotRefillTheExactIndexWhenTheApproximateOneLeaves() throws Exception {
        fillStorage(1, 200);
        index.select("hnsw");
        coreRebuild();
        awaitState("hnsw", "serving");
        awaitState("exact", "idle");
        // the framework stops the switch, then DS unbinds its backends (storage may already be gone)
        index.close();
        storageUp.set(false);
        int read = snapshots.get();
        index.approximateGone(hnsw);
        assertEquals("storage read by a stopped switch", read, snapshots.get());
        assertEquals(0, exact.stats().templates());
    }

    /** A persisted HNSW index, re-opened in a new switch (a restart) in {@code mode}. */
    private void restartWithPersistedHnsw(String mode) throws InterruptedException {
        fillStorage(1, 300);
        index.select("hnsw");
        coreRebuild();
        awaitState("hnsw", "serving");
        index.close();
        hnsw.close();
        hnsw = new HnswTemplateIndex(hnswDir, GRAPH);
        exact = new ExactTemplateIndex();
        index = new SwitchingTemplateIndex(exact, this::snapshot, mode, 50);
        index.approximateAppeared(hnsw);
    }

    @Test
    public void aRebuildStreamsItsContentOnceAndTheApproximateIndexIsBuiltFromStorageNotFromACopy()
            throws Exception {
        index.close();
        index = new SwitchingTemplateIndex(exact, this::snapshot, "hnsw", 50);
        index.approximateAppeared(hnsw);
        fillStorage(1, 300);
        AtomicInteger streamed = new AtomicInteger();
        int readsBefore = snapshots.get();
        index.rebuild(new ArrayList<>(storage.values()).stream().peek(e -> streamed.incrementAndGet()),
                Stream.of());
        assertEquals("the given content went by once", 300, streamed.get());
        awaitState("hnsw", "serving");
        assertEquals("the background build read storage", readsBefore + 1, snapshots.get());
        assertEquals(300, hnsw.stats().templates());
        awaitState("exact", "idle");
        IndexEntry probe = storage.get(100_000L + 9);
        assertEquals(probe.userReference(), index.search(1, MODEL, probe.vector(), 1).get(0).userReference());
    }

    @Test
    public void aRebuildInHnswModeUsesACurrentPersistedIndexAsItIsAndRebuildsAStaleOneFromStorage()
            throws Exception {
        restartWithPersistedHnsw("hnsw");
        int readsBefore = snapshots.get();
        coreRebuild();
        assertEquals("current: used as it is", "serving", state("hnsw"));
        assertEquals("neither storage read nor the exact index filled", readsBefore, snapshots.get());
        assertEquals(0, exact.stats().templates());

        // storage moved on while this node was down: the persisted index is stale
        index.close();
        hnsw.close();
        hnsw = new HnswTemplateIndex(hnswDir, GRAPH);
        exact = new ExactTemplateIndex();
        index = new SwitchingTemplateIndex(exact, this::snapshot, "hnsw", 50);
        index.approximateAppeared(hnsw);
        IndexEntry later = new IndexEntry(1, "later", 9_500, MODEL, unit());
        storage.put(later.templateId(), later);
        readsBefore = snapshots.get();
        coreRebuild();
        // the exact index, filled from storage (the content went by unkept), answers at once with the new user
        assertEquals(List.of("later"), refs(index.search(1, MODEL, later.vector(), 1)));
        awaitState("hnsw", "serving");
        assertEquals("exact index and HNSW build each read storage once", readsBefore + 2, snapshots.get());
        assertEquals(301, hnsw.stats().templates());
        assertEquals(List.of("later"), refs(index.search(1, MODEL, later.vector(), 1)));
    }

    @Test
    public void aResumedHnswIndexAnswersAtOnceWithoutStorage() throws Exception {
        restartWithPersistedHnsw("hnsw");
        storageUp.set(false); // nothing may read it
        HeldContent content = new HeldContent(
                new ArrayList<>(storage.values()), List.copyOf(links));
        assertEquals(content.checksum(), index.resume().getAsLong());
        assertEquals(index.resume(), java.util.OptionalLong.empty()); // once only
        assertEquals("hnsw", index.answering(1));
        assertEquals("serving", state("hnsw"));
        IndexEntry probe = storage.get(100_000L + 3);
        assertEquals(probe.userReference(), index.search(1, MODEL, probe.vector(), 1).get(0).userReference());
        assertEquals(content.checksum(), index.checksum().getAsLong());
        // writes reach it at once
        IndexEntry added = enrol(1, "late", 9_000);
        assertEquals(List.of("late"), refs(index.search(1, MODEL, added.vector(), 1)));
        assertEquals(0, index.removeUser(1, "nobody"));
        assertEquals(1, index.removeUser(1, "late"));
        assertFalse(index.score(1, MODEL, "late", added.vector()).isPresent());
    }

    @Test
    public void aResumedHnswIndexInAutoModeAnswersWhileTheExactOneIsBuiltInTheBackground() throws Exception {
        restartWithPersistedHnsw("auto");
        assertTrue(index.resume().isPresent());
        assertEquals("hnsw", index.answering(1));
        awaitState("exact", "serving");
        assertEquals(300, exact.stats().templates());
        assertEquals("auto: 300 templates, above the threshold of 50", "hnsw", index.answering(1));
    }

    @Test
    public void nothingIsResumedInExactModeOrWithoutPersistedContent() throws Exception {
        SwitchingTemplateIndex fresh = new SwitchingTemplateIndex(exact, this::snapshot, "hnsw", 50);
        fresh.approximateAppeared(hnsw);
        assertTrue("an empty HNSW index is filled, not resumed", fresh.resume().isEmpty());
        fresh.close();
        restartWithPersistedHnsw("exact");
        assertTrue(index.resume().isEmpty());
        assertEquals("idle", state("hnsw"));
        assertTrue(index.checksum().isEmpty());
    }

    @Test
    public void searchesKeepTheirAnswersWhileTheBackendIsSwitched() throws Exception {
        fillStorage(1, 300);
        coreRebuild();
        List<IndexEntry> probes = new ArrayList<>(storage.values()).subList(0, 20);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread load = new Thread(() -> {
            while (running.get()) {
                for (IndexEntry probe : probes) {
                    List<UserMatch> top = index.search(1, MODEL, probe.vector(), 3);
                    if (top.isEmpty() || !top.get(0).userReference().equals(probe.userReference())) {
                        wrong.compareAndSet(null, probe.userReference() + " -> " + refs(top));
                    }
                    searches.incrementAndGet();
                }
            }
        });
        load.start();
        try {
            index.select("hnsw");
            awaitState("hnsw", "serving");
            awaitState("exact", "idle");
            index.select("exact");
            awaitState("exact", "serving");
            awaitState("hnsw", "idle");
            index.select("auto");
            awaitState("hnsw", "serving");
            awaitState("exact", "serving");
        } finally {
            running.set(false);
            load.join();
        }
        assertEquals(null, wrong.get());
        assertTrue(searches.get() > 0);
    }

    @Test
    public void aCurrentPersistedApproximateIndexIsUsedAsItIsAtStart() throws Exception {
        fillStorage(1, 200);
        links.add(new GroupMembership(1, "user-1-3", "vip"));
        index.select("hnsw");
        coreRebuild();
        awaitState("hnsw", "serving");
        index.close();
        hnsw.close();

        // a restart: new instances, the HNSW index re-opened from disk
        exact = new ExactTemplateIndex();
        hnsw = new HnswTemplateIndex(hnswDir, GRAPH);
        index = new SwitchingTemplateIndex(exact, this::snapshot, "hnsw", 50);
        index.approximateAppeared(hnsw);
        coreRebuild();
        assertEquals("serving at once: nothing to rebuild", "serving", state("hnsw"));
        assertEquals(0, hnsw.lastRebuildWrites());
        assertEquals("the exact index is not filled", 0, exact.stats().templates());
        assertEquals(List.of("user-1-3"), refs(index.search(1, MODEL, storage.get(100_003L).vector(), 5, Set.of("vip"))));
    }

    @Test
    public void aStaleApproximateIndexIsCaughtUpInTheBackgroundWhileTheExactOneAnswers() throws Exception {
        fillStorage(1, 200);
        index.select("hnsw");
        coreRebuild();
        awaitState("hnsw", "serving");
        index.close();
        hnsw.close();
        fillStorage(2, 30); // written while the index was away
        storage.remove(100_000L);

        exact = new ExactTemplateIndex();
        hnsw = new HnswTemplateIndex(hnswDir, GRAPH);
        CountDownLatch release = new CountDownLatch(1);
        index = new SwitchingTemplateIndex(exact, this::snapshot, "hnsw", 50);
        index.approximateAppeared(heldBack(hnsw, release));
        coreRebuild();
        assertEquals("building", state("hnsw"));
        assertEquals("the exact index answers meanwhile", 229, exact.stats().templates());
        assertEquals(List.of("user-2-4"), refs(index.search(2, MODEL, storage.get(200_004L).vector(), 1)));
        assertEquals("exact", index.answering(2));
        release.countDown();
        awaitState("hnsw", "serving");
        assertEquals("only what it missed is written", 31, hnsw.lastRebuildWrites());
        awaitState("exact", "idle");
        assertEquals(List.of("user-2-4"), refs(index.search(2, MODEL, storage.get(200_004L).vector(), 1)));
        assertEquals(0, index.search(1, MODEL, unit(), 500).stream()
                .filter(m -> m.userReference().equals("user-1-0")).count());
    }

    @Test
    public void autoSearchesLargeTenantsApproximatelyAndSmallOnesExactly() throws Exception {
        fillStorage(1, 80);
        fillStorage(2, 10);
        coreRebuild();
        index.select("auto");
        awaitState("hnsw", "serving");
        assertEquals("serving", state("exact"));
        assertEquals("hnsw", index.answering(1));
        assertEquals("exact", index.answering(2));
        index.setAutoThreshold(5);
        assertEquals("hnsw", index.answering(2));
    }

    @Test
    public void withoutStorageABuildFailsAndTheCurrentBackendKeepsAnswering() throws Exception {
        fillStorage(1, 60);
        coreRebuild();
        storageUp.set(false);
        index.select("hnsw");
        for (int i = 0; i < 500 && state("hnsw").equals("building"); i++) {
            Thread.sleep(10);
        }
        IndexSwitch.Backend approximate = backend("hnsw");
        assertEquals("idle", approximate.state());
        assertTrue(approximate.lastError(), approximate.lastError().contains("storage is not available"));
        assertEquals("serving", state("exact"));
        assertEquals(1, index.search(1, MODEL, unit(), 1).size());

        storageUp.set(true);
        index.select("hnsw"); // the same mode again retries a failed build
        awaitState("hnsw", "serving");
    }

    @Test
    public void whenTheApproximateBackendLeavesTheExactOneTakesOverFromStorage() throws Exception {
        fillStorage(1, 100);
        coreRebuild();
        index.select("hnsw");
        awaitState("exact", "idle");
        index.approximateGone(hnsw);
        assertEquals("serving", state("exact"));
        assertEquals("absent", state("hnsw"));
        assertEquals(100, exact.stats().templates());
        IndexEntry any = storage.get(100_042L);
        assertEquals(List.of("user-1-42"), refs(index.search(1, MODEL, any.vector(), 1)));
    }

    @Test
    public void anUnknownModeIsRefused() {
        try {
            index.select("fast");
            throw new AssertionError("accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("exact, hnsw, auto"));
        }
        assertEquals("exact", index.mode());
    }

    // ---- helpers

    /** The backend, but its rebuilds wait for the latch. */
    private static TemplateIndex heldBack(TemplateIndex backend, CountDownLatch release) {
        return (TemplateIndex) Proxy.newProxyInstance(TemplateIndex.class.getClassLoader(),
                new Class<?>[] {TemplateIndex.class}, (proxy, method, args) -> {
                    if (method.getName().equals("rebuild")) {
                        release.await();
                    }
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private String state(String backend) {
        return backend(backend).state();
    }

    private IndexSwitch.Backend backend(String name) {
        return index.backends().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private void awaitState(String backend, String state) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (state(backend).equals(state)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(backend + " never " + state + ": " + index.backends());
    }

    private float[] unit() {
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

    private static List<String> refs(List<UserMatch> matches) {
        return matches.stream().map(UserMatch::userReference).collect(Collectors.toList());
    }
}
