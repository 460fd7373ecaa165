package io.visage.index.switching.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexChecksum;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.IndexSwitch;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;

/**
 * One {@link TemplateIndex} in front of two backends, the exact one and (when installed) the approximate one,
 * choosing per {@link #mode()} which one answers: {@code exact}, {@code hnsw}, or {@code auto} (per tenant: exact
 * below {@link #autoThreshold()} templates, approximate from there).
 *
 * <p>A backend is <em>ready</em> when it receives every write. Writes go to every ready backend, under one
 * monitor, so all ready backends hold the same content. A backend the mode needs but that is not ready is
 * built in the background: from the moment its build starts, writes to it are logged; it is rebuilt from
 * storage read a page at a time after that moment, the log is replayed onto it (every write is idempotent, so
 * one that the pages already held does no harm), and only then, under the monitor, it becomes ready and starts
 * answering. A backend the mode no longer needs stops receiving writes once its replacement is ready and after
 * the searches running on it have finished; the exact one is then cleared, the approximate one (persistent,
 * with a checksum) is left as it is, and a later build writes only what it missed.
 *
 * <p>When the consumer {@link #rebuild rebuilds} the switch (at start, or on request), a backend whose
 * {@link TemplateIndex#checksum()} equals storage's is used as it is: a persisted HNSW index that is current is
 * not rebuilt. One that is missing, stale or was unreadable is rebuilt in the background while the exact index,
 * filled at once (from the same content, or from storage when the content only went by for its checksum), answers.
 */
public final class SwitchingTemplateIndex implements TemplateIndex, IndexSwitch, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchingTemplateIndex.class);
    static final String EXACT = "exact";
    static final String HNSW = "hnsw";
    static final String AUTO = "auto";
    /** How long {@link #close()} waits for a running build to give up before interrupting it. */
    static final int STOP_GRACE_SECONDS = 30;

    /**
     * What a backend is built from. Storage's own (the constructor's) streams its templates as the build consumes
     * them, so that a build at a million templates does not hold them all besides the index that answers.
     */
    public interface Source {
        /** Every template, read as the stream is consumed; the caller closes it. */
        Stream<IndexEntry> templateStream();

        List<GroupMembership> memberships();

        /** Templates the stream will give, for a build's progress; negative when not known ahead. */
        long templateCount();
    }

    /** One backend and what the switch knows of it. */
    private static final class Slot {
        final String name;
        volatile TemplateIndex index;
        /** Receives every write (guarded by the write monitor for changes). */
        volatile boolean ready;
        volatile boolean building;
        /** Writes made while this backend is being built; non-null only then. Guarded by the write monitor. */
        List<Consumer<TemplateIndex>> log;
        volatile long done;
        volatile long total;
        volatile String lastError = "";
        final AtomicInteger readers = new AtomicInteger();

        Slot(String name) {
            this.name = name;
        }

        boolean usable() {
            return ready && index != null;
        }
    }

    private final Slot exact = new Slot(EXACT);
    private final Slot hnsw = new Slot(HNSW);
    private final Object writes = new Object();
    private final AtomicLong generation = new AtomicLong();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "visage-index-switch-build");
        thread.setDaemon(true);
        return thread;
    });
    private final Supplier<? extends Source> storage;
    private volatile String mode;
    /** Set by {@link #close()}: a backend leaving after that is the framework stopping, not a loss to make good. */
    private volatile boolean closed;
    private volatile long autoThreshold;
    /** Whether the consumer has filled the switch yet; until then a backend that appears waits for that. */
    private volatile boolean filled;

    /**
     * @param exactIndex the exact backend (always there)
     * @param storage    reads storage for a background build; throws when storage is away
     */
    public SwitchingTemplateIndex(TemplateIndex exactIndex, Supplier<? extends Source> storage, String mode,
            long autoThreshold) {
        exact.index = Objects.requireNonNull(exactIndex, "exactIndex");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.mode = checkMode(mode);
        this.autoThreshold = checkThreshold(autoThreshold);
    }

    // ---- operator choice

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public long autoThreshold() {
        return autoThreshold;
    }

    /** A new threshold applies to the next search (both backends are ready in {@code auto}). */
    public void setAutoThreshold(long threshold) {
        autoThreshold = checkThreshold(threshold);
    }

    @Override
    public void select(String chosen) {
        String checked = checkMode(chosen);
        synchronized (writes) {
            if (!filled) {
                mode = checked; // the consumer's first rebuild fills what this mode needs
                return;
            }
            if (checked.equals(mode) && !stalled()) {
                return; // nothing to do, or its build is under way
            }
            mode = checked;
            long gen = generation.incrementAndGet();
            for (Slot slot : List.of(exact, hnsw)) {
                if (slot.building && !wanted().contains(slot)) {
                    slot.building = false; // its build no longer publishes (generation)
                    slot.log = null;
                }
            }
            for (Slot slot : wanted()) {
                if (!slot.ready) {
                    startBuild(slot, gen, storage);
                }
            }
            LOG.info("Index mode {}: {}", checked, describe());
            builder.execute(() -> retireUnwanted(gen));
        }
    }

    @Override
    public List<Backend> backends() {
        List<Backend> result = new ArrayList<>();
        for (Slot slot : List.of(exact, hnsw)) {
            TemplateIndex index = slot.index;
            String state;
            long done;
            long total;
            if (index == null) {
                state = "absent";
                done = 0;
                total = 0;
            } else if (slot.building) {
                state = "building";
                done = slot.done;
                total = slot.total;
            } else {
                state = !slot.ready ? "idle" : serves(slot) ? "serving" : "ready";
                done = slot.ready ? index.stats().templates() : 0;
                total = done;
            }
            result.add(new Backend(slot.name, state, done, total, slot.lastError,
                    index == null ? "" : index.getClass().getName()));
        }
        return result;
    }

    /** The approximate backend appeared: it is built (or caught up) in the background when the mode needs it. */
    public void approximateAppeared(TemplateIndex index) {
        synchronized (writes) {
            hnsw.index = index;
            hnsw.ready = false;
            hnsw.log = null;
            hnsw.lastError = "";
            if (filled && wanted().contains(hnsw)) {
                startBuild(hnsw, generation.incrementAndGet(), storage);
            }
        }
    }

    /**
     * The approximate backend is going away: the exact one, built from storage first when it is not ready,
     * takes over before this returns (the going backend answers until then).
     */
    public void approximateGone(TemplateIndex index) {
        synchronized (writes) {
            if (hnsw.index != index) {
                return;
            }
            if (closed) {
                // DS unbinds a stopped switch's backends: nothing answers through it any more
                hnsw.index = null;
                return;
            }
            generation.incrementAndGet();
            hnsw.log = null;
            hnsw.building = false;
            if (hnsw.ready && !exact.ready) {
                try {
                    Source source = storage.get();
                    try (Stream<IndexEntry> templates = source.templateStream()) {
                        exact.index.rebuild(templates, source.memberships().stream());
                    }
                    exact.ready = true;
                } catch (RuntimeException e) {
                    exact.lastError = e.toString();
                    LOG.error("The HNSW index left and the exact index could not be filled from storage", e);
                }
            }
            hnsw.ready = false;
        }
        drain(hnsw);
        hnsw.index = null;
    }

    // ---- TemplateIndex: reads

    /** Told of each 1:N search: the backend that answered and how long it took. */
    @FunctionalInterface
    interface SearchTimes {
        void searched(String backend, long nanos);
    }

    private volatile SearchTimes searchTimes;

    /** Where each 1:N search's time goes (the platform's metrics); null: nowhere. */
    void reportSearchTimes(SearchTimes receiver) {
        searchTimes = receiver;
    }

    @Override
    public List<UserMatch> search(long tenantId, String modelKey, float[] query, int topN, Set<String> groupNames) {
        return readNamed(tenantId, (backend, index) -> {
            long start = System.nanoTime();
            List<UserMatch> found = index.search(tenantId, modelKey, query, topN, groupNames);
            SearchTimes receiver = searchTimes;
            if (receiver != null) {
                receiver.searched(backend, System.nanoTime() - start);
            }
            return found;
        });
    }

    @Override
    public Optional<UserMatch> score(long tenantId, String modelKey, String userReference, float[] query) {
        return read(tenantId, index -> index.score(tenantId, modelKey, userReference, query));
    }

    @Override
    public boolean hasTemplates(long tenantId, String modelKey) {
        return read(tenantId, index -> index.hasTemplates(tenantId, modelKey));
    }

    @Override
    public Set<String> groupsOf(long tenantId, String userReference) {
        return read(tenantId, index -> index.groupsOf(tenantId, userReference));
    }

    @Override
    public IndexStats stats() {
        return read(-1, TemplateIndex::stats);
    }

    @Override
    public IndexStats stats(long tenantId) {
        return read(tenantId, index -> index.stats(tenantId));
    }

    // ---- TemplateIndex: writes

    @Override
    public void add(IndexEntry entry) {
        Objects.requireNonNull(entry, "entry");
        // the caller may reuse the vector once this returns; a logged write must keep its own
        IndexEntry own = new IndexEntry(entry.tenantId(), entry.userReference(), entry.templateId(), entry.modelKey(),
                entry.vector().clone());
        write(index -> {
            index.add(own);
            return null;
        });
    }

    @Override
    public boolean remove(long tenantId, long templateId) {
        return write(index -> index.remove(tenantId, templateId));
    }

    @Override
    public int removeUser(long tenantId, String userReference) {
        return write(index -> index.removeUser(tenantId, userReference));
    }

    @Override
    public void setGroups(long tenantId, String userReference, Set<String> groupNames) {
        Set<String> own = Set.copyOf(groupNames);
        write(index -> {
            index.setGroups(tenantId, userReference, own);
            return null;
        });
    }

    @Override
    public boolean addToGroup(long tenantId, String userReference, String groupName) {
        return write(index -> index.addToGroup(tenantId, userReference, groupName));
    }

    @Override
    public boolean removeFromGroup(long tenantId, String userReference, String groupName) {
        return write(index -> index.removeFromGroup(tenantId, userReference, groupName));
    }

    @Override
    public void removeGroup(long tenantId, String groupName) {
        write(index -> {
            index.removeGroup(tenantId, groupName);
            return null;
        });
    }

    @Override
    public void clear(long tenantId) {
        write(index -> {
            index.clear(tenantId);
            return null;
        });
    }

    @Override
    public void clear() {
        write(index -> {
            index.clear();
            return null;
        });
    }

    /**
     * Fills the backends the mode needs from this content: one whose checksum already equals the content's is
     * used as it is; the exact one is rebuilt here; the approximate one, when it is not current, in the
     * background from storage (read a page at a time), the exact one answering meanwhile. The content is streamed
     * once and not kept: at a million templates a copy would be gigabytes beside the exact index.
     */
    @Override
    public void rebuild(Stream<IndexEntry> templates, Stream<GroupMembership> memberships) {
        List<GroupMembership> links = memberships.toList();
        LongAdder sum = new LongAdder(); // the content's checksum, summed as it streams by
        links.forEach(link -> sum.add(IndexChecksum.of(link)));
        Stream<IndexEntry> summed = templates.peek(entry -> sum.add(IndexChecksum.of(entry)));
        synchronized (writes) {
            filled = true;
            long gen = generation.incrementAndGet(); // builds in flight no longer publish
            for (Slot slot : List.of(exact, hnsw)) {
                slot.log = null;
                slot.building = false;
            }
            Set<Slot> wanted = wanted();
            OptionalLong held = wanted.contains(hnsw) ? hnsw.index.checksum() : OptionalLong.empty();
            boolean approximateHoldsContent = held.isPresent() && hnsw.index.stats().templates() > 0;
            boolean approximateCurrent;
            // Searches go on meanwhile: each backend replaces its content atomically, and the one answering
            // stays ready until another one is.
            if (wanted.contains(exact) || !approximateHoldsContent) {
                exact.index.rebuild(summed, links.stream());
                exact.ready = true;
                approximateCurrent = held.isPresent() && held.getAsLong() == sum.sum();
            } else {
                // the approximate index alone is wanted and holds persisted content: is it this content?
                summed.forEach(entry -> { });
                approximateCurrent = held.getAsLong() == sum.sum();
                if (!approximateCurrent) {
                    // the exact index answers while it is rebuilt; the content went by unkept, so from storage
                    Source source = storage.get();
                    try (Stream<IndexEntry> stored = source.templateStream()) {
                        exact.index.rebuild(stored, source.memberships().stream());
                    }
                    exact.ready = true;
                }
            }
            if (approximateCurrent) {
                hnsw.ready = true;
                LOG.info("The HNSW index on disk is current (checksum {}): used as it is", Long.toHexString(sum.sum()));
                if (!wanted.contains(exact) && exact.ready) {
                    exact.ready = false;
                    drain(exact);
                    exact.index.clear();
                }
            } else {
                hnsw.ready = false;
                if (wanted.contains(hnsw)) {
                    LOG.info("The HNSW index is missing or behind storage: rebuilt in the background, the exact"
                            + " index answers meanwhile");
                    startBuild(hnsw, gen, storage);
                }
            }
        }
    }

    /**
     * Lets a persisted approximate index answer at once, before the consumer has read storage: when the mode wants
     * it and it re-opened content from disk, it becomes ready and answers every search, and the exact index, when
     * the mode wants it too ({@code auto}), is built in the background from storage. Empty (nothing changes) when
     * the mode is {@code exact}, no approximate index is there or it holds nothing persisted: the consumer then
     * {@link #rebuild rebuilds} the switch as before.
     */
    @Override
    public OptionalLong resume() {
        synchronized (writes) {
            if (filled || hnsw.index == null || !wanted().contains(hnsw)) {
                return OptionalLong.empty();
            }
            OptionalLong held = hnsw.index.resume();
            if (held.isEmpty()) {
                return held;
            }
            filled = true;
            long gen = generation.incrementAndGet();
            hnsw.log = null;
            hnsw.building = false;
            hnsw.ready = true;
            if (wanted().contains(exact) && !exact.ready) {
                startBuild(exact, gen, storage);
            }
            LOG.info("The HNSW index re-opened from disk answers as it is (checksum {}); {}",
                    Long.toHexString(held.getAsLong()), describe());
            return held;
        }
    }

    /** The checksum of the approximate index while it is ready (the persisted one); empty otherwise. */
    @Override
    public OptionalLong checksum() {
        TemplateIndex approximate = hnsw.index;
        return hnsw.ready && approximate != null ? approximate.checksum() : OptionalLong.empty();
    }

    /**
     * Builds run on their own thread; this stops it. A running build gives up at its next template rather than
     * being interrupted: an interrupt inside Lucene's file I/O closes its channels and can leave the backend's
     * previous content unreadable (dropped and rebuilt in full at the next start). Interrupted only when it
     * has not stopped within the grace time. The backends are not closed (they are not ours).
     */
    @Override
    public void close() {
        closed = true;
        generation.incrementAndGet();
        builder.shutdown();
        try {
            if (!builder.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("An index build did not stop within {} s: interrupted", STOP_GRACE_SECONDS);
                builder.shutdownNow();
                builder.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            builder.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers

    private Set<Slot> wanted() {
        boolean approximate = hnsw.index != null;
        return switch (mode) {
            case HNSW -> approximate ? Set.of(hnsw) : Set.of(exact);
            case AUTO -> approximate ? Set.of(exact, hnsw) : Set.of(exact);
            default -> Set.of(exact);
        };
    }

    private boolean needsWork() {
        for (Slot slot : wanted()) {
            if (!slot.ready) {
                return true;
            }
        }
        return false;
    }

    /** Whether a backend the mode needs is neither ready nor being built (its last build failed). */
    private boolean stalled() {
        for (Slot slot : wanted()) {
            if (!slot.ready && !slot.building) {
                return true;
            }
        }
        return false;
    }

    /** Whether the slot answers searches of at least some tenants now. */
    private boolean serves(Slot slot) {
        Slot other = slot == exact ? hnsw : exact;
        if (!slot.usable()) {
            return false;
        }
        if (!other.usable()) {
            return true;
        }
        return mode.equals(AUTO) || mode.equals(slot.name);
    }

    /** The name of the backend that answers this tenant's searches now. */
    String answering(long tenantId) {
        return reader(tenantId).name;
    }

    /** The backend that answers for this tenant (-1: for figures over all tenants). */
    private Slot reader(long tenantId) {
        boolean exactUsable = exact.usable();
        boolean approximateUsable = hnsw.usable();
        if (exactUsable && approximateUsable) {
            switch (mode) {
                case HNSW:
                    return hnsw;
                case AUTO:
                    return tenantId >= 0 && exact.index.stats(tenantId).templates() >= autoThreshold ? hnsw : exact;
                default:
                    return exact;
            }
        }
        return approximateUsable ? hnsw : exact;
    }

    private <T> T read(long tenantId, Function<TemplateIndex, T> action) {
        return readNamed(tenantId, (backend, index) -> action.apply(index));
    }

    /** Runs {@code action} on the backend that answers for the tenant, with that backend's name. */
    private <T> T readNamed(long tenantId, BiFunction<String, TemplateIndex, T> action) {
        for (int attempt = 0; ; attempt++) {
            Slot slot = reader(tenantId);
            slot.readers.incrementAndGet();
            try {
                TemplateIndex index = slot.index;
                // A slot retired between choosing and counting is not used (unless nothing else is left).
                if (index != null && (slot.ready || attempt >= 3)) {
                    return action.apply(slot.name, index);
                }
            } finally {
                slot.readers.decrementAndGet();
            }
            if (attempt >= 3 && exact.index != null) {
                return action.apply(exact.name, exact.index);
            }
        }
    }

    /** Applies a write to every ready backend (the answering one first: if it refuses, no one gets it). */
    private <T> T write(Function<TemplateIndex, T> action) {
        synchronized (writes) {
            Slot primary = reader(-1);
            T result = null;
            if (primary.usable()) {
                result = action.apply(primary.index);
            }
            for (Slot slot : List.of(exact, hnsw)) {
                if (slot == primary && primary.usable()) {
                    continue;
                }
                if (slot.usable()) {
                    T r = action.apply(slot.index);
                    if (!primary.usable()) {
                        result = r;
                    }
                } else if (slot.log != null) {
                    slot.log.add(action::apply);
                }
            }
            return result;
        }
    }

    /** Starts building a backend in the background; the caller holds the write monitor. */
    private void startBuild(Slot slot, long gen, Supplier<? extends Source> content) {
        slot.log = new ArrayList<>();
        slot.building = true;
        slot.done = 0;
        slot.total = 0;
        slot.lastError = "";
        TemplateIndex target = slot.index;
        builder.execute(() -> {
            if (generation.get() != gen) {
                return;
            }
            long start = System.nanoTime();
            try {
                Source source = content.get();
                long count = source.templateCount();
                slot.total = count >= 0 ? count : templatesAnswered();
                List<GroupMembership> memberships = source.memberships();
                try (Stream<IndexEntry> templates = source.templateStream()) {
                    target.rebuild(templates.peek(e -> {
                        if (closed) {
                            throw new CancellationException("the index switch is stopping");
                        }
                        slot.done++;
                    }), memberships.stream());
                }
                synchronized (writes) {
                    if (generation.get() != gen || slot.index != target) {
                        return;
                    }
                    for (Consumer<TemplateIndex> logged : slot.log) {
                        logged.accept(target);
                    }
                    slot.log = null;
                    slot.building = false;
                    slot.ready = true;
                }
                LOG.info("Index backend {} built in {} ms: {}", slot.name, (System.nanoTime() - start) / 1_000_000,
                        describe());
                retireUnwanted(gen);
            } catch (RuntimeException e) {
                synchronized (writes) {
                    if (generation.get() == gen && slot.index == target) {
                        slot.log = null;
                        slot.building = false;
                        slot.lastError = e.toString();
                    }
                }
                if (closed) {
                    LOG.info("Building index backend {} stopped: the index switch is stopping ({})", slot.name,
                            e.toString());
                } else {
                    LOG.warn("Building index backend {} failed; the current one keeps answering", slot.name, e);
                }
            }
        });
    }

    /** Templates held by the backend that answers now: a build's expected total when storage gives none. */
    private long templatesAnswered() {
        for (Slot slot : List.of(hnsw, exact)) {
            TemplateIndex index = slot.index;
            if (slot.usable() && index != null) {
                return index.stats().templates();
            }
        }
        return 0;
    }

    /** Once every backend the mode needs is ready, the others stop receiving writes (the exact one is cleared). */
    private void retireUnwanted(long gen) {
        List<Slot> retired = new ArrayList<>();
        synchronized (writes) {
            if (generation.get() != gen || needsWork()) {
                return;
            }
            Set<Slot> wanted = wanted();
            for (Slot slot : List.of(exact, hnsw)) {
                if (slot.ready && !wanted.contains(slot)) {
                    slot.ready = false;
                    retired.add(slot);
                }
            }
        }
        for (Slot slot : retired) {
            drain(slot);
            if (slot == exact) {
                synchronized (writes) {
                    if (!exact.ready && !exact.building) {
                        exact.index.clear();
                    }
                }
            }
            LOG.info("Index backend {} retired: {}", slot.name, describe());
        }
    }

    /** Waits (briefly) for the searches that chose this slot before it was retired. */
    private static void drain(Slot slot) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slot.readers.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String describe() {
        StringBuilder text = new StringBuilder("mode ").append(mode);
        for (Slot slot : List.of(exact, hnsw)) {
            text.append(", ").append(slot.name).append(' ')
                    .append(slot.index == null ? "absent" : slot.building ? "building" : slot.ready ? "ready" : "idle");
        }
        return text.toString();
    }

    private static String checkMode(String mode) {
        if (mode == null || !MODES.contains(mode.trim().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("unknown index mode '" + mode + "': one of " + String.join(", ", MODES));
        }
        return mode.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static long checkThreshold(long threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("auto threshold must not be negative: " + threshold);
        }
        return threshold;
    }
}
