package io.visage.index.hnsw.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import org.apache.lucene.document.Document;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;

/**
 * Approximate {@link TemplateIndex} on Lucene HNSW graphs, persistent under one directory: a Lucene index
 * per tenant ({@link TenantShard}), re-opened as it was when the index is constructed again.
 *
 * <p>Searches never lock. Writes to different tenants run in parallel; {@link #rebuild} and the clears hold
 * out writes for their duration (write side of {@code structureLock}), as in the exact index. Pending writes
 * are committed in the background every {@link HnswSettings#commitIntervalSeconds()} and on {@link #close}.
 */
public final class HnswTemplateIndex implements TemplateIndex, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(HnswTemplateIndex.class);
    private static final String SHARD_PREFIX = "tenant-";

    private final Path root;
    private final HnswSettings graphSettings;
    private volatile HnswSettings settings;
    private final ReentrantReadWriteLock structureLock = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<Long, TenantShard> shards = new ConcurrentHashMap<>();
    private final ScheduledExecutorService committer;
    private final HnswThreads threads;
    private volatile long lastRebuildWrites;

    /** Opens the index stored under {@code root} (created when absent). */
    public HnswTemplateIndex(Path root, HnswSettings settings) {
        this(root, settings, HnswThreads.fromSystemProperty());
    }

    /** With the threads it searches, merges and rebuilds on; closed with the index. */
    HnswTemplateIndex(Path root, HnswSettings settings, HnswThreads threads) {
        this.root = Objects.requireNonNull(root, "root");
        this.graphSettings = Objects.requireNonNull(settings, "settings");
        this.settings = settings;
        this.threads = Objects.requireNonNull(threads, "threads");
        withLuceneClassLoader(() -> {
            Files.createDirectories(root);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, SHARD_PREFIX + "*")) {
                for (Path entry : entries) {
                    long tenantId;
                    try {
                        tenantId = Long.parseLong(entry.getFileName().toString().substring(SHARD_PREFIX.length()));
                    } catch (NumberFormatException notOurs) {
                        continue;
                    }
                    try {
                        shards.put(tenantId, TenantShard.open(entry, tenantId, settings, threads));
                    } catch (IOException | RuntimeException unreadable) {
                        // Derived state: an index that cannot be read is dropped; the checksum then differs
                        // from storage's and the consumer's rebuild writes the tenant again.
                        LOG.warn("HNSW index of tenant {} at {} is unreadable and is dropped: {}", tenantId, entry,
                                unreadable.toString());
                        deleteRecursively(entry);
                    }
                }
            }
            return null;
        });
        committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "visage-index-hnsw-commit");
            thread.setDaemon(true);
            return thread;
        });
        committer.scheduleWithFixedDelay(this::commitAll, settings.commitIntervalSeconds(),
                settings.commitIntervalSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Applies new search settings at once. Graph settings (connections, beam width, quantisation, buffer)
     * are fixed for the life of this instance: they shape segments as they are written.
     */
    public void updateSearchSettings(HnswSettings changed) {
        settings = graphSettings.withSearchOf(changed);
    }

    /** Lucene segments of a tenant's index; 0 when it has none. */
    int luceneSegments(long tenantId) throws IOException {
        TenantShard shard = shards.get(tenantId);
        return shard == null ? 0 : shard.luceneSegments();
    }

    /** Where the index lives. */
    public Path directory() {
        return root;
    }

    @Override
    public void add(IndexEntry entry) {
        Objects.requireNonNull(entry, "entry");
        write(() -> {
            shard(entry.tenantId()).add(entry);
            return null;
        });
    }

    @Override
    public boolean remove(long tenantId, long templateId) {
        return write(() -> {
            TenantShard shard = shards.get(tenantId);
            return shard != null && shard.remove(templateId);
        });
    }

    @Override
    public int removeUser(long tenantId, String userReference) {
        Objects.requireNonNull(userReference, "userReference");
        return write(() -> {
            TenantShard shard = shards.get(tenantId);
            return shard == null ? 0 : shard.removeUser(userReference);
        });
    }

    @Override
    public void setGroups(long tenantId, String userReference, Set<String> groupNames) {
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(groupNames, "groupNames");
        write(() -> {
            if (!groupNames.isEmpty() || shards.containsKey(tenantId)) {
                shard(tenantId).setGroups(userReference, groupNames);
            }
            return null;
        });
    }

    @Override
    public boolean addToGroup(long tenantId, String userReference, String groupName) {
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(groupName, "groupName");
        return write(() -> shard(tenantId).addToGroup(userReference, groupName));
    }

    @Override
    public boolean removeFromGroup(long tenantId, String userReference, String groupName) {
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(groupName, "groupName");
        return write(() -> {
            TenantShard shard = shards.get(tenantId);
            return shard != null && shard.removeFromGroup(userReference, groupName);
        });
    }

    @Override
    public void removeGroup(long tenantId, String groupName) {
        Objects.requireNonNull(groupName, "groupName");
        write(() -> {
            TenantShard shard = shards.get(tenantId);
            if (shard != null) {
                shard.removeGroup(groupName);
            }
            return null;
        });
    }

    @Override
    public Set<String> groupsOf(long tenantId, String userReference) {
        TenantShard shard = shards.get(tenantId);
        return shard == null ? Set.of() : shard.groupsOf(userReference);
    }

    @Override
    public List<UserMatch> search(long tenantId, String modelKey, float[] query, int topN, Set<String> groupNames) {
        Objects.requireNonNull(modelKey, "modelKey");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(groupNames, "groupNames");
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be at least 1: " + topN);
        }
        TenantShard shard = shards.get(tenantId);
        if (shard == null) {
            return List.of();
        }
        try {
            return shard.search(modelKey, query, topN, groupNames, settings);
        } catch (AlreadyClosedException cleared) {
            return List.of(); // the tenant was cleared while this search ran
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<UserMatch> score(long tenantId, String modelKey, String userReference, float[] query) {
        Objects.requireNonNull(modelKey, "modelKey");
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(query, "query");
        TenantShard shard = shards.get(tenantId);
        if (shard == null) {
            return Optional.empty();
        }
        try {
            return shard.score(modelKey, userReference, query);
        } catch (AlreadyClosedException cleared) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean hasTemplates(long tenantId, String modelKey) {
        TenantShard shard = shards.get(tenantId);
        return shard != null && shard.hasTemplates(modelKey);
    }

    /** {@inheritDoc} Here {@code allocatedBytes} is the size of the index files (memory-mapped, off-heap). */
    @Override
    public IndexStats stats() {
        int tenants = 0;
        long users = 0;
        long templates = 0;
        int segments = 0;
        long vectorBytes = 0;
        long allocated = 0;
        for (Long tenantId : shards.keySet()) {
            IndexStats s = stats(tenantId);
            tenants += s.tenants();
            users += s.users();
            templates += s.templates();
            segments += s.segments();
            vectorBytes += s.vectorBytes();
            allocated += s.allocatedBytes();
        }
        return new IndexStats(tenants, users, templates, segments, vectorBytes, allocated);
    }

    @Override
    public IndexStats stats(long tenantId) {
        TenantShard shard = shards.get(tenantId);
        if (shard == null) {
            return IndexStats.EMPTY;
        }
        try {
            return shard.stats();
        } catch (AlreadyClosedException cleared) {
            return IndexStats.EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void clear(long tenantId) {
        exclusive(() -> {
            TenantShard shard = shards.remove(tenantId);
            if (shard != null) {
                drop(shard);
            }
        });
    }

    @Override
    public void clear() {
        exclusive(() -> {
            for (Long tenantId : List.copyOf(shards.keySet())) {
                drop(shards.remove(tenantId));
            }
        });
    }

    @Override
    public void rebuild(Stream<IndexEntry> templates, Stream<GroupMembership> memberships) {
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(memberships, "memberships");
        exclusive(() -> {
            Map<Long, TenantShard> staging = new HashMap<>(shards);
            List<Long> created = new ArrayList<>();
            try (RebuildWriters writers = new RebuildWriters(threads.parallelism())) {
                for (TenantShard shard : staging.values()) {
                    shard.beginRebuild(rebuildBufferMb());
                }
                Iterable<IndexEntry> entries = templates::iterator;
                for (IndexEntry entry : entries) {
                    TenantShard shard = stagingShard(staging, created, entry.tenantId());
                    Document document = shard.stagedDocument(entry);
                    if (document != null) {
                        writers.write(shard, entry.templateId(), document);
                    }
                }
                writers.finish();
                Iterable<GroupMembership> links = memberships::iterator;
                for (GroupMembership link : links) {
                    stagingShard(staging, created, link.tenantId()).stage(link.userReference(), link.groupName());
                }
            } catch (IOException | RuntimeException e) {
                abandon(staging, created);
                throw e;
            }
            // Published tenant by tenant: each one atomically, as searches never span tenants.
            long written = 0;
            for (Map.Entry<Long, TenantShard> e : staging.entrySet()) {
                TenantShard shard = e.getValue();
                shard.publishRebuild();
                written += shard.lastRebuildWrites();
                if (shard.isEmpty()) {
                    shards.remove(e.getKey());
                    drop(shard);
                } else {
                    shards.put(e.getKey(), shard);
                }
            }
            lastRebuildWrites = written;
        });
    }

    /**
     * {@inheritDoc} Kept up to date by every write and re-computed from the persisted index when it is
     * opened, so a consumer can tell at start whether the index on disk holds what storage holds.
     */
    @Override
    public OptionalLong checksum() {
        Lock lock = structureLock.readLock();
        lock.lock();
        try {
            long sum = 0;
            for (TenantShard shard : shards.values()) {
                sum += shard.checksum();
            }
            return OptionalLong.of(sum);
        } finally {
            lock.unlock();
        }
    }

    /**
     * What was re-opened from disk answers as it is (searches need nothing more); empty when nothing was, so that
     * a fresh index is filled from storage before it answers.
     */
    @Override
    public OptionalLong resume() {
        Lock lock = structureLock.readLock();
        lock.lock();
        try {
            return shards.isEmpty() ? OptionalLong.empty() : checksum();
        } finally {
            lock.unlock();
        }
    }

    /** Templates written by the last (or the running) rebuild: those the index did not already hold. */
    public long lastRebuildWrites() {
        return lastRebuildWrites;
    }

    /** Commits pending writes and closes every tenant's index; the instance is unusable afterwards. */
    @Override
    public void close() {
        committer.shutdownNow();
        exclusive(() -> {
            for (TenantShard shard : shards.values()) {
                try {
                    shard.close();
                } catch (IOException e) {
                    LOG.warn("Closing the HNSW index of {} failed", shard.path(), e);
                }
            }
            shards.clear();
        });
        threads.close();
    }

    // ---- helpers

    private TenantShard stagingShard(Map<Long, TenantShard> staging, List<Long> created, long tenantId)
            throws IOException {
        TenantShard shard = staging.get(tenantId);
        if (shard == null) {
            shard = openShard(tenantId);
            shard.beginRebuild(rebuildBufferMb());
            staging.put(tenantId, shard);
            created.add(tenantId);
        }
        return shard;
    }

    /**
     * Lucene's indexing buffer while a rebuild writes: up to Lucene's per-thread limit for each indexing thread,
     * within a quarter of the heap, so that a rebuild flushes about one finished graph per thread.
     */
    private double rebuildBufferMb() {
        double quarterOfHeap = Runtime.getRuntime().maxMemory() / 4.0 / (1 << 20);
        return Math.max(graphSettings.ramBufferMb(), Math.min(quarterOfHeap, 1_900.0 * threads.parallelism()));
    }

    /** Rolls every touched shard back to its last commit (the state before the rebuild) and re-opens it. */
    private void abandon(Map<Long, TenantShard> staging, List<Long> created) {
        for (Map.Entry<Long, TenantShard> e : staging.entrySet()) {
            try {
                e.getValue().abandon();
                if (created.contains(e.getKey())) {
                    deleteRecursively(e.getValue().path());
                } else {
                    shards.put(e.getKey(), openShard(e.getKey()));
                }
            } catch (IOException | RuntimeException failed) {
                shards.remove(e.getKey());
                LOG.error("HNSW index of tenant {} could not be restored after a failed rebuild", e.getKey(), failed);
            }
        }
    }

    private TenantShard shard(long tenantId) {
        return shards.computeIfAbsent(tenantId, id -> {
            try {
                return openShard(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private TenantShard openShard(long tenantId) throws IOException {
        Path path = root.resolve(SHARD_PREFIX + tenantId);
        return withLuceneClassLoader(() -> TenantShard.open(path, tenantId, graphSettings, threads));
    }

    private void drop(TenantShard shard) throws IOException {
        shard.close();
        deleteRecursively(shard.path());
    }

    private void commitAll() {
        Lock lock = structureLock.readLock();
        if (!lock.tryLock()) {
            return; // a rebuild or clear is running: its own commits decide what is durable
        }
        try {
            commitShards();
        } finally {
            lock.unlock();
        }
    }

    private void commitShards() {
        for (TenantShard shard : shards.values()) {
            try {
                shard.commit();
            } catch (AlreadyClosedException cleared) {
                // dropped meanwhile
            } catch (IOException | RuntimeException e) {
                LOG.warn("Committing the HNSW index of {} failed; retried at the next interval", shard.path(), e);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /**
     * Lucene finds its codecs through ServiceLoader; inside OSGi the thread's context class loader may be
     * anyone's, so it is set to the one that holds the embedded Lucene while writers and readers open.
     */
    private static <T> T withLuceneClassLoader(IoSupplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HnswTemplateIndex.class.getClassLoader());
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private <T> T write(IoSupplier<T> action) {
        Lock lock = structureLock.readLock();
        lock.lock();
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    private void exclusive(IoRunnable action) {
        Lock lock = structureLock.writeLock();
        lock.lock();
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    @FunctionalInterface
    private interface IoRunnable {
        void run() throws IOException;
    }
}
