package io.visage.index.hnsw.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.misc.store.RAFDirectory;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.internal.hppc.IntArrayList;
import org.apache.lucene.internal.hppc.LongIntHashMap;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FileSwitchDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import io.visage.api.index.IndexChecksum;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.UserMatch;

/**
 * One tenant's templates and group memberships in a Lucene index of its own (a directory per tenant), so
 * a graph never links two tenants' templates and a search never needs a tenant filter.
 *
 * <p>A template is a document: its id and user as terms (for updates and deletes) and doc values (to read
 * them back), its model, and its vector in a field per model ({@code v.<model key>}), which gives each
 * model its own graph and dimension. Memberships are documents too (persisted with the templates in the
 * same commits) but are searched from {@link Memberships} in memory.
 *
 * <p>Searches take the current near-real-time searcher and never lock. Writes are serialised on this
 * object and counted; a search that finds writes newer than its searcher refreshes it first, so whatever
 * was written before a search starts is in its answer (a deleted template is gone, whatever the graphs
 * still contain: Lucene skips deleted documents), while a run of writes with no search between them costs
 * one refresh, not one each. Graph scores come from quantised vectors; the best candidates by graph score
 * are re-scored exactly on their float vectors, so the scores returned equal the exact index's.
 *
 * <p>The float vectors are read by positional reads (through the page cache), not memory-mapped like the
 * rest: a search reads only its few re-scored vectors, so a mapping would only let the 2 KB a template of
 * floats become this process's resident memory, while the graph and codes it does walk stay mapped.
 */
final class TenantShard implements Closeable {

    private static final String KIND = "kind";
    private static final String TEMPLATE = "t";
    private static final String MEMBERSHIP = "m";
    private static final String TEMPLATE_ID = "tid";
    private static final String USER = "user";
    private static final String MODEL = "model";
    private static final String HASH = "h";
    private static final String VECTOR_PREFIX = "v.";
    private static final String MEMBER_USER = "m.user";
    private static final String MEMBER_GROUP = "m.group";
    private static final String MEMBER_KEY = "m.key";
    /** Lucene99FlatVectorsFormat's data file: the raw float vectors. */
    static final String FLOAT_VECTORS_EXTENSION = "vec";

    /** Dimension and live template count of one model; the count is written under the shard's lock. */
    static final class ModelState {
        final String key;
        final int ordinal;
        final int dimension;
        volatile int templates;

        ModelState(String key, int ordinal, int dimension) {
            this.key = key;
            this.ordinal = ordinal;
            this.dimension = dimension;
        }
    }

    /**
     * Which model each live template belongs to (by model ordinal) and its {@link IndexChecksum} hash, so that
     * adds and removes keep counts and the shard's checksum without reading the index, and a rebuild rewrites
     * only templates that differ. Guarded by the shard. Lucene's primitive map to a slot in three parallel
     * arrays: about 40 bytes a template. It also counts each user's live templates under a 64-bit key of the
     * user reference (about 20 bytes a user), so that {@link TenantShard#stats()} counts users without reading
     * the index (two references colliding on 64 bits would be counted once, which only a figure would show).
     */
    static final class Catalog {
        final LongIntHashMap slots = new LongIntHashMap();
        /** Live templates per user key. */
        final LongIntHashMap perUser = new LongIntHashMap();
        private long[] users = new long[16];
        final List<ModelState> byOrdinal = new ArrayList<>();
        final Map<String, ModelState> byKey = new ConcurrentHashMap<>();
        private int[] models = new int[16];
        private long[] hashes = new long[16];
        private final IntArrayList free = new IntArrayList();
        private int used;
        /** Sum of the live templates' hashes. */
        long sum;

        ModelState model(String key, int dimension) {
            return byKey.computeIfAbsent(key, k -> {
                ModelState created = new ModelState(k, byOrdinal.size(), dimension);
                byOrdinal.add(created);
                return created;
            });
        }

        boolean contains(long templateId) {
            return slots.containsKey(templateId);
        }

        /** The template's hash, 0 when absent. */
        long hash(long templateId) {
            int slot = slots.getOrDefault(templateId, -1);
            return slot < 0 ? 0 : hashes[slot];
        }

        /** Records a template of the user (by {@link #userKey}) under its model, replacing any with the same id. */
        void put(long templateId, ModelState model, long hash, long user) {
            int slot = slots.getOrDefault(templateId, -1);
            if (slot >= 0) {
                byOrdinal.get(models[slot]).templates--;
                sum -= hashes[slot];
                forgetUser(users[slot]);
            } else {
                slot = free.isEmpty() ? used++ : free.removeLast();
                if (slot >= models.length) {
                    models = Arrays.copyOf(models, models.length * 2);
                    hashes = Arrays.copyOf(hashes, hashes.length * 2);
                    users = Arrays.copyOf(users, users.length * 2);
                }
                slots.put(templateId, slot);
            }
            models[slot] = model.ordinal;
            hashes[slot] = hash;
            users[slot] = user;
            perUser.addTo(user, 1);
            sum += hash;
            model.templates++;
        }

        private void forgetUser(long user) {
            if (perUser.addTo(user, -1) <= 0) {
                perUser.remove(user);
            }
        }

        /** Users with at least one live template. */
        int users() {
            return perUser.size();
        }

        boolean hasUser(String user) {
            return perUser.containsKey(userKey(user));
        }

        /** A 64-bit key of a user reference: FNV-1a over its UTF-16 units, then SplitMix64's finaliser. */
        static long userKey(String user) {
            long h = 0xCBF29CE484222325L;
            for (int i = 0; i < user.length(); i++) {
                h = (h ^ user.charAt(i)) * 0x100000001B3L;
            }
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            return h ^ (h >>> 31);
        }

        /** Forgets a template; returns whether it was there. */
        boolean remove(long templateId) {
            int slot = slots.getOrDefault(templateId, -1);
            if (slot < 0) {
                return false;
            }
            slots.remove(templateId);
            byOrdinal.get(models[slot]).templates--;
            sum -= hashes[slot];
            forgetUser(users[slot]);
            free.add(slot);
            return true;
        }

        /** The ids of the templates held. */
        long[] templateIds() {
            long[] ids = new long[slots.size()];
            int i = 0;
            for (var cursor : slots) {
                ids[i++] = cursor.key;
            }
            return ids;
        }
    }

    private final Path path;
    private final long tenantId;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Lucene's indexing buffer outside rebuilds. */
    private final int ramBufferMb;
    private final AtomicLong writes = new AtomicLong();
    private final Object refreshLock = new Object();
    /** The count of writes the current searcher is known to include. */
    private volatile long refreshedWrites;
    private volatile Memberships memberships;
    /** Read by searches without locking: its {@code byKey} is concurrent and replaced whole by a rebuild. */
    private volatile Catalog catalog;

    // Rebuild staging, guarded by this.
    private Memberships stagedMemberships;
    private Catalog stagedCatalog;
    private long stagedWrites;

    private TenantShard(Path path, long tenantId, Directory directory, IndexWriter writer, SearcherManager searchers,
            int ramBufferMb) {
        this.ramBufferMb = ramBufferMb;
        this.path = path;
        this.tenantId = tenantId;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /** Opens (or creates) the shard stored under {@code path}. */
    static TenantShard open(Path path, long tenantId, HnswSettings settings, HnswThreads threads) throws IOException {
        Directory directory = directory(path, settings);
        IndexWriter writer = null;
        try {
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(codec(settings, threads))
                    .setRAMBufferSizeMB(settings.ramBufferMb())
                    // no compound files: inside one, the float vectors would be mapped (see directory())
                    .setUseCompoundFile(false)
                    .setMergePolicy(noCompoundFiles());
            writer = new IndexWriter(directory, config);
            SearcherManager searchers = new SearcherManager(writer, true, false, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
                        org.apache.lucene.index.IndexReader previous) {
                    // with several segments (a bulk rebuild writes one per indexing thread) each is searched on a core
                    IndexSearcher searcher = new IndexSearcher(reader, threads.searchExecutor());
                    searcher.setQueryCache(null); // every query is new: nothing to gain from caching
                    return searcher;
                }
            });
            TenantShard shard = new TenantShard(path, tenantId, directory, writer, searchers,
                    settings.ramBufferMb());
            shard.loadState();
            return shard;
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.rollback();
            }
            directory.close();
            throw e;
        }
    }

    private static TieredMergePolicy noCompoundFiles() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setNoCFSRatio(0.0);
        return policy;
    }

    /**
     * Memory-mapped files, but for quantised graphs the float vectors ({@code .vec}, Lucene's flat format)
     * by positional reads. (Compound files, which would hold them mapped, are not written; those of an index
     * written before stay readable, and mapped, until merged.)
     */
    private static Directory directory(Path path, HnswSettings settings) throws IOException {
        FSDirectory mapped = FSDirectory.open(path);
        if (settings.quantizationBits() == 0) {
            return mapped; // the graph itself is scored on the floats
        }
        try {
            // RandomAccessFile, not NIOFS: an interrupted thread reading through NIOFS closes the shared channel
            // for every later search of the segment
            return new FileSwitchDirectory(Set.of(FLOAT_VECTORS_EXTENSION), new RAFDirectory(path), mapped, true);
        } catch (IOException | RuntimeException e) {
            mapped.close();
            throw e;
        }
    }

    /**
     * Lucene's current codec with HNSW vectors per field; the codec keeps Lucene's name and the per-field
     * format and its parameters are recorded in the segments. Quantised graphs use {@link SimdHnswVectorsFormat}
     * (Lucene's files, scored on SIMD lanes), which this bundle registers with Lucene for reading back.
     */
    private static Codec codec(HnswSettings settings, HnswThreads threads) {
        KnnVectorsFormat format = settings.quantizationBits() == 0
                ? new Lucene99HnswVectorsFormat(settings.maxConnections(), settings.beamWidth(),
                        threads.mergeWorkers(), threads.mergeExecutorService())
                : new SimdHnswVectorsFormat(settings.maxConnections(), settings.beamWidth(),
                        settings.quantizationBits(), threads.mergeWorkers(), threads.mergeExecutor());
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    Path path() {
        return path;
    }

    // ---- reads

    boolean hasTemplates(String modelKey) {
        ModelState model = catalog.byKey.get(modelKey);
        return model != null && model.templates > 0;
    }

    Set<String> groupsOf(String user) {
        return memberships.groupsOf(user);
    }

    boolean isEmpty() {
        if (!memberships.isEmpty()) {
            return false;
        }
        for (ModelState model : catalog.byKey.values()) {
            if (model.templates > 0) {
                return false;
            }
        }
        return true;
    }

    List<UserMatch> search(String modelKey, float[] query, int topN, Set<String> groupNames, HnswSettings settings)
            throws IOException {
        ModelState model = catalog.byKey.get(modelKey);
        if (model == null || model.templates == 0) {
            return List.of();
        }
        checkDimension(modelKey, model, query);
        String field = VECTOR_PREFIX + modelKey;
        catchUp();
        IndexSearcher searcher = searchers.acquire();
        try {
            if (!groupNames.isEmpty()) {
                Set<String> members = memberships.membersOfAny(groupNames);
                if (members.isEmpty()) {
                    return List.of();
                }
                if (members.size() <= settings.groupExactMaxUsers()) {
                    return scanUsers(searcher, field, query, members).top(topN);
                }
                return approximate(searcher, field, query, topN, model.templates, members, settings);
            }
            if (model.templates <= settings.exactScanMaxTemplates()) {
                return scanAll(searcher, field, query).top(topN);
            }
            return approximate(searcher, field, query, topN, model.templates, null, settings);
        } finally {
            searchers.release(searcher);
        }
    }

    Optional<UserMatch> score(String modelKey, String user, float[] query) throws IOException {
        ModelState model = catalog.byKey.get(modelKey);
        if (model == null || model.templates == 0) {
            return Optional.empty();
        }
        checkDimension(modelKey, model, query);
        catchUp();
        IndexSearcher searcher = searchers.acquire();
        try {
            List<UserMatch> best = scanUsers(searcher, VECTOR_PREFIX + modelKey, query, Set.of(user)).top(1);
            return best.isEmpty() ? Optional.empty() : Optional.of(best.get(0));
        } finally {
            searchers.release(searcher);
        }
    }

    /** Lucene segments the current searcher reads (each searched on its own thread when there are several). */
    int luceneSegments() throws IOException {
        catchUp();
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            searchers.release(searcher);
        }
    }

    IndexStats stats() throws IOException {
        long templates = 0;
        long vectorBytes = 0;
        int segments = 0;
        for (ModelState model : catalog.byKey.values()) {
            if (model.templates > 0) {
                segments++;
                templates += model.templates;
                vectorBytes += 4L * model.dimension * model.templates;
            }
        }
        // From memory, not the index: users with templates, plus members of groups that have none.
        long users;
        synchronized (this) {
            Catalog held = catalog;
            users = held.users();
            for (String member : memberships.users()) {
                if (!held.hasUser(member)) {
                    users++;
                }
            }
        }
        // Off-heap (memory-mapped) files are what this backend allocates for its templates.
        long allocated = 0;
        for (String file : directory.listAll()) {
            if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
                try {
                    allocated += directory.fileLength(file);
                } catch (IOException gone) {
                    // merged away meanwhile
                }
            }
        }
        boolean holdsAnything = templates > 0 || !memberships.isEmpty();
        return new IndexStats(holdsAnything ? 1 : 0, users, templates, segments, vectorBytes, allocated);
    }

    // ---- writes

    synchronized void add(IndexEntry entry) throws IOException {
        float[] vector = entry.vector();
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("non-finite value in template " + entry.templateId());
            }
        }
        ModelState model = catalog.byKey.get(entry.modelKey());
        if (model != null && model.dimension != vector.length) {
            throw dimensionMismatch(entry, model.dimension);
        }
        long hash = IndexChecksum.of(entry);
        writer.updateDocument(templateTerm(entry.templateId()), templateDocument(entry, hash));
        catalog.put(entry.templateId(), catalog.model(entry.modelKey(), vector.length), hash,
                Catalog.userKey(entry.userReference()));
        writes.incrementAndGet();
    }

    synchronized boolean remove(long templateId) throws IOException {
        if (!catalog.contains(templateId)) {
            return false;
        }
        writer.deleteDocuments(templateTerm(templateId));
        catalog.remove(templateId);
        writes.incrementAndGet();
        return true;
    }

    synchronized int removeUser(String user) throws IOException {
        long[] templateIds = templatesOf(user);
        writer.deleteDocuments(new Term(USER, user), new Term(MEMBER_USER, user));
        for (long templateId : templateIds) {
            catalog.remove(templateId);
        }
        memberships.removeUser(user);
        writes.incrementAndGet();
        return templateIds.length;
    }

    synchronized void setGroups(String user, Set<String> groupNames) throws IOException {
        Set<String> wanted = Set.copyOf(groupNames);
        for (String group : memberships.groupsOf(user)) {
            if (!wanted.contains(group)) {
                removeFromGroup(user, group);
            }
        }
        for (String group : wanted) {
            addToGroup(user, group);
        }
    }

    // Membership writes need no searcher refresh: searches read memberships from memory.
    synchronized boolean addToGroup(String user, String group) throws IOException {
        if (memberships.groupsOf(user).contains(group)) {
            return false;
        }
        writer.updateDocument(new Term(MEMBER_KEY, memberKey(user, group)), membershipDocument(user, group));
        return memberships.add(user, group);
    }

    synchronized boolean removeFromGroup(String user, String group) throws IOException {
        if (!memberships.groupsOf(user).contains(group)) {
            return false;
        }
        writer.deleteDocuments(new Term(MEMBER_KEY, memberKey(user, group)));
        return memberships.remove(user, group);
    }

    synchronized void removeGroup(String group) throws IOException {
        writer.deleteDocuments(new Term(MEMBER_GROUP, group));
        memberships.removeGroup(group);
    }

    /** Makes pending writes durable; a no-op when there are none. */
    void commit() throws IOException {
        if (writer.hasUncommittedChanges()) {
            writer.commit();
        }
    }

    // ---- rebuild: stage into the writer unseen by searches, then publish at once

    /**
     * Starts a rebuild that rewrites only what differs: a template whose id and hash (user, model, vector) are
     * already held stays as it is (with its place in the graph), others are written, and whatever the staged
     * content lacks is deleted when it is published. Re-opening a persisted index and rebuilding it from the
     * same storage thus writes nothing; one that missed some writes (a crash before a commit) gets only those.
     */
    synchronized void beginRebuild(double bufferMb) throws IOException {
        writer.commit(); // the state to roll back to if the rebuild fails
        // One segment per indexing thread where memory allows: a flushed segment is a finished graph, while
        // many small ones would be merged, which inserts their vectors into a graph all over again.
        writer.getConfig().setRAMBufferSizeMB(Math.max(bufferMb, writer.getConfig().getRAMBufferSizeMB()));
        stagedMemberships = new Memberships();
        stagedCatalog = new Catalog();
        stagedWrites = 0;
    }

    /** Stages one template and writes it when the index does not hold it already; single-threaded callers. */
    void stage(IndexEntry entry) throws IOException {
        Document document = stagedDocument(entry);
        if (document != null) {
            writeStaged(entry.templateId(), document);
        }
    }

    /**
     * Stages one template: records it as part of the new content and returns the document still to be written
     * (with {@link #writeStaged}, from any thread), or null when the index holds it as it is. A template's
     * writes must reach {@code writeStaged} in the order they were staged.
     */
    synchronized Document stagedDocument(IndexEntry entry) {
        float[] vector = entry.vector();
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("non-finite value in template " + entry.templateId());
            }
        }
        ModelState model = stagedCatalog.model(entry.modelKey(), vector.length);
        if (model.dimension != vector.length) {
            throw dimensionMismatch(entry, model.dimension);
        }
        long hash = IndexChecksum.of(entry);
        boolean held = catalog.hash(entry.templateId()) == hash
                && (!stagedCatalog.contains(entry.templateId()) || stagedCatalog.hash(entry.templateId()) == hash);
        stagedCatalog.put(entry.templateId(), model, hash, Catalog.userKey(entry.userReference()));
        if (held) {
            return null;
        }
        stagedWrites++;
        return templateDocument(entry, hash);
    }

    /** Writes a document {@link #stagedDocument} returned; Lucene's writer takes several threads at once. */
    void writeStaged(long templateId, Document document) throws IOException {
        writer.updateDocument(templateTerm(templateId), document);
    }

    synchronized void stage(String user, String group) {
        stagedMemberships.add(user, group);
    }

    /** Templates written or deleted by the last rebuild (the rest were already held). */
    synchronized long lastRebuildWrites() {
        return stagedWrites;
    }

    /** Commits the staged content and makes it the one searches see. */
    synchronized void publishRebuild() throws IOException {
        for (long templateId : catalog.templateIds()) {
            if (!stagedCatalog.contains(templateId)) {
                writer.deleteDocuments(templateTerm(templateId));
                stagedWrites++;
            }
        }
        if (stagedMemberships.checksum(tenantId) != memberships.checksum(tenantId)
                || stagedMemberships.size() != memberships.size()) {
            writer.deleteDocuments(new Term(KIND, MEMBERSHIP));
            for (String user : stagedMemberships.users()) {
                for (String group : stagedMemberships.groupsOf(user)) {
                    writer.addDocument(membershipDocument(user, group));
                }
            }
        }
        writer.commit();
        writer.getConfig().setRAMBufferSizeMB(ramBufferMb);
        synchronized (refreshLock) {
            long covering = writes.incrementAndGet();
            searchers.maybeRefreshBlocking();
            refreshedWrites = covering;
        }
        catalog = stagedCatalog;
        memberships = stagedMemberships;
        stagedMemberships = null;
        stagedCatalog = null;
    }

    /** The {@link IndexChecksum} of the shard's templates and memberships. */
    synchronized long checksum() {
        return catalog.sum + memberships.checksum(tenantId);
    }

    /** Discards everything since {@link #beginRebuild}; the shard is closed and must be re-opened. */
    synchronized void abandon() throws IOException {
        try {
            searchers.close();
            writer.rollback();
        } finally {
            directory.close();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            searchers.close();
            writer.close(); // commits
        } finally {
            directory.close();
        }
    }

    // ---- helpers

    private void loadState() throws IOException {
        Memberships loaded = new Memberships();
        Catalog loadedCatalog = new Catalog();
        IndexSearcher searcher = searchers.acquire();
        try {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                Bits live = reader.getLiveDocs();
                catalogue(reader, live, loadedCatalog);
                PostingsEnum docs = postings(reader, KIND, MEMBERSHIP);
                if (docs == null) {
                    continue;
                }
                StoredFields stored = reader.storedFields();
                for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        Document fields = stored.document(doc);
                        loaded.add(fields.get(MEMBER_USER), fields.get(MEMBER_GROUP));
                    }
                }
            }
            catalog = loadedCatalog;
            memberships = loaded;
        } finally {
            searchers.release(searcher);
        }
    }

    /** Adds a segment's live templates to the catalog: model from doc values, dimension from field infos. */
    private static void catalogue(LeafReader reader, Bits live, Catalog into) throws IOException {
        SortedDocValues modelValues = DocValues.getSorted(reader, MODEL);
        NumericDocValues ids = DocValues.getNumeric(reader, TEMPLATE_ID);
        NumericDocValues hashes = DocValues.getNumeric(reader, HASH);
        SortedDocValues userValues = DocValues.getSorted(reader, USER);
        long[] userKeys = new long[userValues.getValueCount()]; // per segment ordinal, 0 until first seen
        for (int doc = modelValues.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = modelValues.nextDoc()) {
            if ((live == null || live.get(doc)) && ids.advanceExact(doc)) {
                String key = modelValues.lookupOrd(modelValues.ordValue()).utf8ToString();
                FieldInfo info = reader.getFieldInfos().fieldInfo(VECTOR_PREFIX + key);
                // a template written without a hash counts as 0: the next rebuild rewrites it
                long hash = hashes.advanceExact(doc) ? hashes.longValue() : 0;
                long user = 0;
                if (userValues.advanceExact(doc)) {
                    int ord = userValues.ordValue();
                    if (userKeys[ord] == 0) {
                        userKeys[ord] = Catalog.userKey(userValues.lookupOrd(ord).utf8ToString());
                    }
                    user = userKeys[ord];
                }
                into.put(ids.longValue(), into.model(key, info.getVectorDimension()), hash, user);
            }
        }
    }

    /**
     * Makes the searcher include every write counted so far. Writes are counted after the writer has them,
     * so a refresh that starts after reading the count includes at least those.
     */
    private void catchUp() throws IOException {
        if (refreshedWrites >= writes.get()) {
            return;
        }
        synchronized (refreshLock) {
            long covering = writes.get();
            if (refreshedWrites >= covering) {
                return;
            }
            searchers.maybeRefreshBlocking();
            refreshedWrites = covering;
        }
    }

    /** Graph search for candidates, exact re-scoring, best per user; widens while it finds too few users. */
    private List<UserMatch> approximate(IndexSearcher searcher, String field, float[] query, int topN,
            int templates, Set<String> allowed, HnswSettings settings) throws IOException {
        double share = allowed == null ? 1.0 : Math.min(1.0, (double) allowed.size() / Math.max(1, templates));
        int candidates = (int) Math.min(templates,
                Math.max((long) topN * 2, (long) Math.ceil(settings.searchCandidates() / share)));
        while (true) {
            TopDocs found = searcher.search(new KnnFloatVectorQuery(field, query, candidates), candidates);
            UserRanking ranking = allowed == null
                    ? rescoreBest(searcher, field, query, found.scoreDocs, topN, settings.rescoreCandidates())
                    : rescore(searcher, field, query, found.scoreDocs, 0, found.scoreDocs.length, allowed,
                            new UserRanking());
            if (ranking.users() >= topN || candidates >= templates) {
                return ranking.top(topN);
            }
            if (allowed != null && candidates >= 8 * settings.searchCandidates() / share) {
                // The group is spread too thinly over the graph: its members' own templates answer exactly.
                return scanUsers(searcher, field, query, allowed).top(topN);
            }
            candidates = (int) Math.min(templates, 2L * candidates);
        }
    }

    /**
     * Exact scores of the best {@code rescore} hits by graph score (hits come best first), widened while they
     * hold fewer than {@code topN} users; 0 re-scores every hit. A group filter re-scores every hit instead
     * (its members are a share of them only).
     */
    private static UserRanking rescoreBest(IndexSearcher searcher, String field, float[] query, ScoreDoc[] hits,
            int topN, int rescore) throws IOException {
        int count = rescore == 0 ? hits.length : Math.min(hits.length, Math.max(rescore, 2 * topN));
        UserRanking ranking = rescore(searcher, field, query, hits, 0, count, null, new UserRanking());
        while (ranking.users() < topN && count < hits.length) {
            int wider = (int) Math.min(hits.length, 2L * count);
            rescore(searcher, field, query, hits, count, wider, null, ranking); // only the hits not re-scored yet
            count = wider;
        }
        return ranking;
    }

    /**
     * Offers the exact scores of hits {@code from} to {@code to} (exclusive) to {@code ranking}, best per user; only
     * {@code allowed} users when given.
     */
    private static UserRanking rescore(IndexSearcher searcher, String field, float[] query, ScoreDoc[] hits,
            int from, int to, Set<String> allowed, UserRanking ranking) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int[] docs = new int[to - from];
        for (int i = 0; i < docs.length; i++) {
            docs[i] = hits[from + i].doc;
        }
        Arrays.sort(docs); // per leaf in doc order: the vector and doc-value iterators only go forward
        int i = 0;
        while (i < docs.length) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docs[i], leaves));
            int end = leaf.docBase + leaf.reader().maxDoc();
            LeafReader reader = leaf.reader();
            FloatVectorValues vectors = reader.getFloatVectorValues(field);
            SortedDocValues users = DocValues.getSorted(reader, USER);
            NumericDocValues ids = DocValues.getNumeric(reader, TEMPLATE_ID);
            for (; i < docs.length && docs[i] < end; i++) {
                int doc = docs[i] - leaf.docBase;
                if (!users.advanceExact(doc) || !ids.advanceExact(doc) || vectors.advance(doc) != doc) {
                    continue;
                }
                String user = users.lookupOrd(users.ordValue()).utf8ToString();
                if (allowed == null || allowed.contains(user)) {
                    ranking.offer(user, Vectors.dot(query, vectors.vectorValue()), ids.longValue());
                }
            }
        }
        return ranking;
    }

    private static UserRanking scanAll(IndexSearcher searcher, String field, float[] query) throws IOException {
        UserRanking ranking = new UserRanking();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            FloatVectorValues vectors = reader.getFloatVectorValues(field);
            if (vectors == null) {
                continue;
            }
            Bits live = reader.getLiveDocs();
            SortedDocValues users = DocValues.getSorted(reader, USER);
            NumericDocValues ids = DocValues.getNumeric(reader, TEMPLATE_ID);
            for (int doc = vectors.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = vectors.nextDoc()) {
                if ((live == null || live.get(doc)) && users.advanceExact(doc) && ids.advanceExact(doc)) {
                    ranking.offer(users.lookupOrd(users.ordValue()).utf8ToString(),
                            Vectors.dot(query, vectors.vectorValue()), ids.longValue());
                }
            }
        }
        return ranking;
    }

    /** Exact scores of the given users' templates: their documents found by term, read in doc order. */
    private static UserRanking scanUsers(IndexSearcher searcher, String field, float[] query, Set<String> users)
            throws IOException {
        UserRanking ranking = new UserRanking();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            FloatVectorValues vectors = reader.getFloatVectorValues(field);
            Terms terms = reader.terms(USER);
            if (vectors == null || terms == null) {
                continue;
            }
            Bits live = reader.getLiveDocs();
            TermsEnum termsEnum = terms.iterator();
            List<long[]> found = new ArrayList<>(); // {doc, index into refs}
            List<String> refs = new ArrayList<>();
            PostingsEnum postings = null;
            for (String user : users) {
                if (!termsEnum.seekExact(new BytesRef(user))) {
                    continue;
                }
                postings = termsEnum.postings(postings, PostingsEnum.NONE);
                int ref = -1;
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        if (ref < 0) {
                            ref = refs.size();
                            refs.add(user);
                        }
                        found.add(new long[] {doc, ref});
                    }
                }
            }
            found.sort((a, b) -> Long.compare(a[0], b[0]));
            NumericDocValues ids = DocValues.getNumeric(reader, TEMPLATE_ID);
            for (long[] hit : found) {
                int doc = (int) hit[0];
                if (vectors.docID() < doc) {
                    vectors.advance(doc);
                }
                if (vectors.docID() == doc && ids.advanceExact(doc)) {
                    ranking.offer(refs.get((int) hit[1]), Vectors.dot(query, vectors.vectorValue()), ids.longValue());
                }
            }
        }
        return ranking;
    }

    /** The ids of the user's live templates, from a searcher that includes every write so far. */
    private long[] templatesOf(String user) throws IOException {
        catchUp();
        IndexSearcher searcher = searchers.acquire();
        try {
            List<Long> result = new ArrayList<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                PostingsEnum docs = postings(reader, USER, user);
                if (docs == null) {
                    continue;
                }
                Bits live = reader.getLiveDocs();
                NumericDocValues ids = DocValues.getNumeric(reader, TEMPLATE_ID);
                for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                    if ((live == null || live.get(doc)) && ids.advanceExact(doc)) {
                        result.add(ids.longValue());
                    }
                }
            }
            return result.stream().mapToLong(Long::longValue).toArray();
        } finally {
            searchers.release(searcher);
        }
    }

    private static PostingsEnum postings(LeafReader reader, String field, String value) throws IOException {
        Terms terms = reader.terms(field);
        if (terms == null) {
            return null;
        }
        TermsEnum termsEnum = terms.iterator();
        return termsEnum.seekExact(new BytesRef(value)) ? termsEnum.postings(null, PostingsEnum.NONE) : null;
    }

    private static Document templateDocument(IndexEntry entry, long hash) {
        Document doc = new Document();
        doc.add(new NumericDocValuesField(HASH, hash));
        String id = Long.toString(entry.templateId());
        doc.add(new StringField(KIND, TEMPLATE, Field.Store.NO));
        doc.add(new StringField(TEMPLATE_ID, id, Field.Store.NO));
        doc.add(new NumericDocValuesField(TEMPLATE_ID, entry.templateId()));
        doc.add(new StringField(USER, entry.userReference(), Field.Store.NO));
        doc.add(new SortedDocValuesField(USER, new BytesRef(entry.userReference())));
        doc.add(new SortedDocValuesField(MODEL, new BytesRef(entry.modelKey())));
        // Lucene copies nothing: the caller may reuse its array, so the document gets its own.
        doc.add(new KnnFloatVectorField(VECTOR_PREFIX + entry.modelKey(), entry.vector().clone(),
                VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    private static Document membershipDocument(String user, String group) {
        Document doc = new Document();
        doc.add(new StringField(KIND, MEMBERSHIP, Field.Store.NO));
        doc.add(new StringField(MEMBER_KEY, memberKey(user, group), Field.Store.NO));
        doc.add(new StringField(MEMBER_USER, user, Field.Store.YES));
        doc.add(new StringField(MEMBER_GROUP, group, Field.Store.YES));
        return doc;
    }

    private static String memberKey(String user, String group) {
        // NUL cannot occur in a user reference or group name that came through the REST layer or storage.
        return user + '\u0000' + group;
    }

    private static Term templateTerm(long templateId) {
        return new Term(TEMPLATE_ID, Long.toString(templateId));
    }

    private static void checkDimension(String modelKey, ModelState model, float[] query) {
        if (query.length != model.dimension) {
            throw new IllegalArgumentException("query has dimension " + query.length + "; model " + modelKey
                    + " has " + model.dimension);
        }
    }

    private static IllegalArgumentException dimensionMismatch(IndexEntry entry, int dimension) {
        return new IllegalArgumentException("template " + entry.templateId() + " has dimension "
                + entry.vector().length + "; model " + entry.modelKey() + " has " + dimension);
    }
}
