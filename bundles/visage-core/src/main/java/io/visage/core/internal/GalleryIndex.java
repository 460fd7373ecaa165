package io.visage.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.index.IndexChecksum;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.TemplateIndex;
import io.visage.api.storage.ChangeFeed;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.GroupStore;
import io.visage.api.storage.StoredFace;

/**
 * The template index's life cycle: storage is the source of truth, and the index is rebuilt from it whenever
 * an index service is bound (at start, or when another backend replaces it) or an operator asks, and kept in
 * step after every committed change.
 *
 * <p>A gallery write runs its database change and then its index update under its tenant's write lock
 * ({@link TenantLocks}), so the index sees each tenant's changes in the order the database committed them.
 * A rebuild takes no lock while it reads storage: index updates made meanwhile are applied as usual and also
 * remembered, and once the new content is built they are applied to it again (each is idempotent: add or
 * replace a template, remove a user, add or remove a membership, remove a group) just before it is swapped
 * in. The only global lock is held for that replay and swap, in memory, never for a database round trip.
 *
 * <p>A persistent index (one that {@link TemplateIndex#resume() resumes} what it re-opened from disk) is not
 * re-filled at start: it answers at once, as it is. When this node shut down cleanly it left a mark (the
 * backend, its checksum and the newest sequence of storage's change feed, written only while no write was in
 * flight); a resumed index whose checksum and the feed's newest sequence both still equal the mark's is current,
 * and storage is not read at all. Otherwise (no mark: a first start or a crash; another node or anything else
 * changed storage since; the index lost writes) storage is read in the background, without keeping it, and
 * its checksum compared with the index's; when they differ, the index is rebuilt from storage in the background,
 * the resumed state answering meanwhile. The mark is deleted when read, so it never vouches for a later run.
 */
@Component(service = {GalleryIndex.class, IndexedTemplates.class})
public final class GalleryIndex implements IndexedTemplates {
    private static final Logger LOG = LoggerFactory.getLogger(GalleryIndex.class);

    private final GalleryStore gallery;
    private final GroupStore groups;
    private final TenantLocks tenants = new TenantLocks();
    /** Index updates hold it shared; the swap of a rebuilt index holds it alone. */
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
    /** One rebuild at a time (a backend bound while an operator's rebuild runs waits for it). */
    private final Object rebuilding = new Object();
    private volatile TemplateIndex index;
    /** Index updates made while a rebuild reads storage; null when none runs. Guarded by {@link #swap}. */
    private Queue<Consumer<TemplateIndex>> duringRebuild;
    /** Where the clean-shutdown mark lives; null: none is kept. */
    private final Path markFile;
    /** Storage's change feed, when there is one: its newest sequence dates the mark. */
    private final ChangeFeed feed;
    /** Checks (and, when stale, rebuilds) a resumed index against storage. */
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "visage-index-check");
        thread.setDaemon(true);
        return thread;
    });
    /** Whether the current index is known to hold what storage holds (filled, checked, or current by mark). */
    private volatile boolean verified;
    /** What the start-up did or does: "filled", "current", "checking", "checked", "rebuilding", "rebuilt", ... */
    private volatile String startup = "";
    /** The same for operators, with counts and progress (visage:index-info). */
    private volatile String startupDescription = "";
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final AtomicLong writesStarted = new AtomicLong();

    @Activate
    public GalleryIndex(@Reference GalleryStore gallery, @Reference GroupStore groups,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) ChangeFeed feed) {
        this(gallery, groups, feed, Paths.get(System.getProperty("karaf.data", "data"), "visage", "index-mark.properties"));
    }

    /** Without a change feed and without a mark: every start of a persistent index is checked against storage. */
    GalleryIndex(GalleryStore gallery, GroupStore groups) {
        this(gallery, groups, null, null);
    }

    GalleryIndex(GalleryStore gallery, GroupStore groups, ChangeFeed feed, Path markFile) {
        this.gallery = gallery;
        this.groups = groups;
        this.feed = feed;
        this.markFile = markFile;
    }

    /**
     * The first bound index resumes what it persisted when it can (see the class comment); any other newly bound
     * index (the first, when it holds nothing persisted, or a better-ranked backend) is filled from storage before
     * it is used.
     */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindIndex(TemplateIndex candidate) {
        if (index == null && resume(candidate)) {
            return;
        }
        takeMark(); // a mark of an earlier run vouches for nothing once the index is filled anew
        long start = System.nanoTime();
        started("filling", "filling from storage");
        int filled = fill(candidate);
        verified = true;
        started("filled", String.format("filled from storage (%,d templates in %,d ms)", filled, millisSince(start)));
    }

    /** The start-up's state (tests, the log) and its description for operators, set together. */
    private void started(String state, String description) {
        startup = state;
        startupDescription = description;
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /** Leaves the mark when the index is known to be current and no write is in flight. */
    @Deactivate
    void deactivate() {
        checker.shutdownNow();
        writeMark();
    }

    /** What the start-up did: {@code filled}, {@code current} (by the mark), {@code checking}, ... */
    String startup() {
        return startup;
    }

    /** Waits for the background check of a resumed index (tests). */
    boolean awaitStartup(long timeout, TimeUnit unit) throws InterruptedException {
        checker.shutdown();
        return checker.awaitTermination(timeout, unit);
    }

    private boolean resume(TemplateIndex candidate) {
        OptionalLong held = candidate.resume();
        if (held.isEmpty()) {
            return false;
        }
        Properties mark = takeMark();
        long sequence = latestSequence();
        boolean current = mark != null && sequence >= 0
                && candidate.getClass().getName().equals(mark.getProperty("backend"))
                && Long.toString(held.getAsLong()).equals(mark.getProperty("checksum"))
                && Long.toString(sequence).equals(mark.getProperty("sequence"));
        swap.writeLock().lock();
        try {
            index = candidate;
        } finally {
            swap.writeLock().unlock();
        }
        if (current) {
            verified = true;
            started("current", "current (re-opened from disk as it was at the last clean shutdown; storage not read)");
            LOG.info("Template index {} re-opened from disk is current (checksum and change sequence {} as at the last"
                    + " shutdown): storage not read", candidate.getClass().getName(), sequence);
            return true;
        }
        started("checking", "re-opened from disk; checking against storage");
        LOG.info("Template index {} re-opened from disk answers as it is; checking it against storage in the"
                + " background", candidate.getClass().getName());
        checker.execute(() -> check(candidate));
        return true;
    }

    /** Compares storage's checksum with the resumed index's, reading storage once without keeping it. */
    private void check(TemplateIndex resumed) {
        long start = System.nanoTime();
        try {
            long expected = resumed.stats().templates();
            long[] sum = {0, 0};
            gallery.forEachFace(face -> {
                sum[0] += IndexChecksum.of(face.indexEntry());
                if (++sum[1] % 10_000 == 0) {
                    startupDescription = checking(sum[1], expected);
                }
            });
            for (var membership : groups.allMemberships()) {
                sum[0] += IndexChecksum.of(membership);
            }
            OptionalLong held = resumed.checksum();
            if (index != resumed) {
                return; // replaced meanwhile: the replacement was filled
            }
            if (held.isPresent() && held.getAsLong() == sum[0]) {
                verified = true;
                started("checked", String.format("checked (re-opened from disk, %,d templates compared with storage"
                        + " in %,d ms)", sum[1], millisSince(start)));
                LOG.info("Template index {} is current: {} templates checked against storage in {} ms",
                        resumed.getClass().getName(), sum[1], millisSince(start));
                return;
            }
            started("rebuilding", String.format("rebuilding from storage (the re-opened index differed; it answers"
                    + " meanwhile, %,d templates)", sum[1]));
            LOG.info("Template index {} differs from storage ({} templates): rebuilt in the background, the re-opened"
                    + " state answering meanwhile", resumed.getClass().getName(), sum[1]);
            fill(resumed);
            verified = index == resumed;
            started("rebuilt", String.format("rebuilt from storage (the re-opened index differed; %,d ms in all)",
                    millisSince(start)));
        } catch (RuntimeException e) {
            started("check failed: " + e, "checking against storage failed (" + e.getMessage() + "); the re-opened"
                    + " index answers as it is until the next rebuild");
            LOG.warn("Checking the re-opened template index against storage failed; it answers as it is until the"
                    + " next rebuild", e);
        }
    }

    private long latestSequence() {
        if (feed == null) {
            return -1;
        }
        try {
            return feed.latestSequence();
        } catch (RuntimeException e) {
            LOG.debug("The change feed does not answer", e);
            return -1;
        }
    }

    /** Reads and deletes the mark; null when there is none or it cannot be read. */
    private Properties takeMark() {
        if (markFile == null || !Files.isRegularFile(markFile)) {
            return null;
        }
        Properties mark = new Properties();
        try {
            try (InputStream in = Files.newInputStream(markFile)) {
                mark.load(in);
            }
            Files.delete(markFile);
            return mark;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("The index mark {} cannot be read; the index is checked against storage", markFile, e);
            try {
                Files.deleteIfExists(markFile);
            } catch (IOException ignored) {
                // a mark that cannot be deleted is still compared with the index's checksum and storage's sequence
            }
            return null;
        }
    }

    private void writeMark() {
        TemplateIndex current = index;
        if (markFile == null || current == null || !verified) {
            return;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (writesInFlight.get() > 0) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                Thread.sleep(5);
            }
            long started = writesStarted.get();
            long sequence = latestSequence();
            OptionalLong sum = current.checksum();
            if (sequence < 0 || sum.isEmpty() || writesInFlight.get() > 0 || writesStarted.get() != started) {
                return; // a write may have reached storage and not the index: no mark, the next start checks
            }
            Properties mark = new Properties();
            mark.setProperty("backend", current.getClass().getName());
            mark.setProperty("checksum", Long.toString(sum.getAsLong()));
            mark.setProperty("sequence", Long.toString(sequence));
            Files.createDirectories(markFile.getParent());
            Path temp = markFile.resolveSibling(markFile.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                mark.store(out, "Visage template index at a clean shutdown; deleted when read at start");
            }
            Files.move(temp, markFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The index mark could not be written; the next start checks the index against storage", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void unbindIndex(TemplateIndex gone) {
        // With a mandatory greedy reference the replacement is bound before the old one is unbound.
    }

    /** The index searches use now. */
    TemplateIndex current() {
        return index;
    }

    /**
     * A change of the tenant's gallery: the database change, then (when it succeeds) the index update it
     * implies, together under the tenant's write lock.
     */
    <T> T write(long tenantId, Supplier<T> change, Function<T, Consumer<TemplateIndex>> update) {
        writesStarted.incrementAndGet();
        writesInFlight.incrementAndGet();
        try {
            return tenants.write(tenantId, () -> {
                T result = change.get();
                apply(update.apply(result));
                return result;
            });
        } finally {
            writesInFlight.decrementAndGet();
        }
    }

    /** A read of the tenant's gallery, beside its other reads, never beside one of its writes. */
    <T> T read(long tenantId, Supplier<T> read) {
        return tenants.read(tenantId, read);
    }

    private void apply(Consumer<TemplateIndex> update) {
        swap.readLock().lock();
        try {
            TemplateIndex target = index;
            if (target != null) {
                update.accept(target);
            }
            if (duringRebuild != null) {
                duringRebuild.add(update);
            }
        } finally {
            swap.readLock().unlock();
        }
    }

    private int fill(TemplateIndex target) {
        synchronized (rebuilding) {
            long start = System.nanoTime();
            swap.writeLock().lock();
            try {
                duringRebuild = new ConcurrentLinkedQueue<>();
            } finally {
                swap.writeLock().unlock();
            }
            Queue<Consumer<TemplateIndex>> replay = duringRebuild;
            boolean swapped = false;
            try {
                // storage a page at a time as the index consumes it: the rebuild holds a page, not the gallery
                AtomicLong read = new AtomicLong();
                try (Stream<IndexEntry> entries = gallery.facesInPages(GalleryStore.INDEX_BUILD_PAGE).map(StoredFace::indexEntry)) {
                    target.rebuild(entries.peek(e -> read.incrementAndGet()), groups.allMemberships().stream());
                }
                int replayed;
                swap.writeLock().lock();
                try {
                    replayed = replay.size();
                    replay.forEach(update -> update.accept(target));
                    index = target;
                    swapped = true;
                } finally {
                    duringRebuild = null;
                    swap.writeLock().unlock();
                }
                LOG.info("Template index {} built from storage: {} templates in {} ms ({} changes meanwhile)",
                        target.getClass().getName(), read.get(), (System.nanoTime() - start) / 1_000_000,
                        replayed);
                return (int) read.get();
            } finally {
                if (!swapped) {
                    swap.writeLock().lock();
                    duringRebuild = null;
                    swap.writeLock().unlock();
                }
            }
        }
    }

    @Override
    public StoredFace indexed(long tenantId, Supplier<StoredFace> store) {
        return write(tenantId, store, stored -> target -> target.add(stored.indexEntry()));
    }

    @Override
    public IndexStats indexStats() {
        return index.stats();
    }

    /** For operators: {@link io.visage.api.admin.PlatformAdmin#indexStartup()}. */
    @Override
    public String startupDescription() {
        return startupDescription;
    }

    private static String checking(long done, long expected) {
        return expected > 0
                ? String.format("re-opened from disk; checking against storage: %,d / %,d templates (%d %%)", done,
                        expected, Math.min(100, 100 * done / expected))
                : String.format("re-opened from disk; checking against storage: %,d templates", done);
    }

    @Override
    public String indexBackend() {
        return index.getClass().getName();
    }

    @Override
    public int rebuildIndex() {
        int count = fill(index);
        verified = true;
        return count;
    }
}
