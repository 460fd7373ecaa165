package io.visage.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.MMapDirectory;

import io.github.jbellis.jvector.disk.SimpleMappedReader;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

import io.visage.index.hnsw.internal.HnswSettings;
import io.visage.index.hnsw.internal.HnswTemplateIndex;

/**
 * Recall of the graph search itself against a brute-force float ground truth, candidate count (ef) by
 * candidate count, on the same synthetic gallery: Lucene's HNSW as {@code visage-index-hnsw} builds it (int7,
 * the graph's own quantised scores, and the same candidates re-scored on the float vectors) and JVector 3.0
 * (a Vamana graph on the float vectors, searched in memory and from its on-disk form). Each line gives
 * recall@1 and recall@5 over users (best template per user, as the index ranks) and the median and 99th
 * percentile latency of the candidate search on one thread.
 *
 * <pre>
 * java -Xmx6g -cp benchmarks.jar io.visage.benchmarks.AnnRecallSweep DATASET TEMPLATES DIM DIR lucene|jvector
 *     [EF,EF,...] [JVECTOR_DEGREE] [JVECTOR_BEAM]
 * </pre>
 * The Lucene graph is the one {@code IndexComparisonBenchmark} builds into the same directory (re-opened when
 * present, built otherwise). {@code index} searches through {@link HnswTemplateIndex} itself; there
 * {@code -Dvisage.benchmarks.maxConnections=M} and {@code -Dvisage.benchmarks.beamWidth=B} build other graphs.
 */
public final class AnnRecallSweep {

    private static final int PROBES = 500;
    private static final int TOP = 5;
    /** Lucene's file extension of the float vectors (read, not mapped, by the index). */
    private static final String FLOAT_FILES = ".vec";
    private static final String FIELD = "v." + Galleries.MODEL;

    private AnnRecallSweep() {
    }

    public static void main(String[] args) throws Exception {
        String dataset = args[0];
        int templates = Integer.parseInt(args[1]);
        int dimension = Integer.parseInt(args[2]);
        Path root = Paths.get(args[3]);
        String backend = args[4];
        int[] efs = Arrays.stream((args.length > 5 ? args[5] : "10,50,100,200,400,1000,2000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        SyntheticGallery gallery = new SyntheticGallery(dataset, templates, dimension);
        if (Boolean.getBoolean("visage.benchmarks.openOnly")) {
            // cold start of a persisted index: open it and answer one 1:N, nothing generated beforehand
            reopen(root, dataset, templates, dimension, gallery.queries(1)[0]);
            return;
        }

        // the gallery in memory: vectors by template id, users as ordinals
        float[][] vectors = new float[templates][];
        int[] userOf = new int[templates];
        Map<String, Integer> users = new HashMap<>();
        gallery.entries().forEach(e -> {
            vectors[(int) e.templateId()] = e.vector();
            userOf[(int) e.templateId()] = users.computeIfAbsent(e.userReference(), u -> users.size());
        });
        float[][] probes = gallery.queries(PROBES);
        int[][] truth = new int[PROBES][];
        long truthStart = System.nanoTime();
        java.util.stream.IntStream.range(0, PROBES).parallel()
                .forEach(p -> truth[p] = bruteForceUsers(probes[p], vectors, userOf, TOP));
        System.out.printf("truth: %.1f s%n", (System.nanoTime() - truthStart) / 1e9);
        System.out.printf("dataset=%s templates=%d users=%d dim=%d truth: brute force, float%n", dataset, templates,
                users.size(), dimension);
        System.out.println(scoreSpread(vectors, userOf));

        if (backend.equals("lucene")) {
            lucene(gallery, dataset, templates, dimension, root, efs, probes, truth, vectors, userOf);
        } else if (backend.equals("index")) {
            int[] rescores = Arrays.stream(System.getProperty("visage.benchmarks.rescore", "0,100,200").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            throughIndex(gallery, dataset, templates, dimension, root, efs, rescores, probes, truth, users);
        } else {
            int degree = args.length > 6 ? Integer.parseInt(args[6]) : 32;
            int beam = args.length > 7 ? Integer.parseInt(args[7]) : 100;
            jvector(dataset, templates, dimension, root, efs, probes, truth, vectors, userOf, degree, beam);
        }
    }

    /**
     * Cosine of same-user and of different-user template pairs (mean ± sd, 20,000 random pairs each): how the
     * set compares with real templates (fr_feature on LFW: impostors about 0 ± 0.1, genuine pairs about 0.6).
     */
    static String scoreSpread(float[][] vectors, int[] userOf) {
        Random random = new Random(5);
        double[] sum = new double[2];
        double[] squares = new double[2];
        int[] count = new int[2];
        for (int tries = 0; tries < 2_000_000 && (count[0] < 20_000 || count[1] < 20_000); tries++) {
            int a = random.nextInt(vectors.length);
            // genuine candidates sit next to each other (a user's samples are consecutive)
            int b = tries % 2 == 0 ? random.nextInt(vectors.length) : Math.min(vectors.length - 1, a + 1);
            if (a == b) {
                continue;
            }
            int kind = userOf[a] == userOf[b] ? 0 : 1;
            if (count[kind] >= 20_000) {
                continue;
            }
            double cos = 0;
            for (int i = 0; i < vectors[a].length; i++) {
                cos += vectors[a][i] * vectors[b][i];
            }
            sum[kind] += cos;
            squares[kind] += cos * cos;
            count[kind]++;
        }
        StringBuilder line = new StringBuilder("pair cosines:");
        String[] names = {"same user", "different users"};
        for (int kind = 0; kind < 2; kind++) {
            double mean = sum[kind] / Math.max(1, count[kind]);
            double sd = Math.sqrt(Math.max(0, squares[kind] / Math.max(1, count[kind]) - mean * mean));
            line.append(String.format(Locale.ROOT, " %s %.3f ± %.3f (%d pairs);", names[kind], mean, sd,
                    count[kind]));
        }
        return line.toString();
    }

    private static void lucene(SyntheticGallery gallery, String dataset, int templates, int dimension, Path root,
            int[] efs, float[][] probes, int[][] truth, float[][] vectors, int[] userOf) throws Exception {
        HnswSettings settings = HnswSettings.DEFAULTS;
        Path dir = indexDirectory(root, dataset, templates, dimension, settings);
        boolean exists = Files.isDirectory(dir);
        long start = System.nanoTime();
        try (HnswTemplateIndex index = new HnswTemplateIndex(dir, settings)) {
            if (!exists || index.stats().templates() != templates) {
                index.rebuild(gallery.entries(), Stream.of());
                System.out.printf("lucene build %.1f s%n", (System.nanoTime() - start) / 1e9);
            } else {
                // a restart: the persisted index re-opened (its catalog read back), then one 1:N through it
                double opened = (System.nanoTime() - start) / 1e9;
                long t0 = System.nanoTime();
                int found = index.search(Galleries.TENANT, Galleries.MODEL, probes[0], 5).size();
                System.out.printf("lucene open of the persisted index %.1f s, first 1:N through the index %.0f ms"
                        + " (%d users, %d candidates)%n", opened, (System.nanoTime() - t0) / 1e6, found,
                        settings.searchCandidates());
            }
        }
        long heapBefore = usedAfterGc();
        // as the index searches: a query's segments side by side on one thread each (visage.index.hnsw.threads)
        int threads = Integer.getInteger("visage.index.hnsw.threads", Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ExecutorService leaves = threads > 1
                ? java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "leaf-search");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        try (MMapDirectory directory = new MMapDirectory(dir.resolve("tenant-1"));
                DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader, leaves);
            searcher.setQueryCache(null);
            // Lucene doc -> template id, by matching the stored float vector's user and position
            int[] templateOf = new int[reader.maxDoc()];
            Arrays.fill(templateOf, -1);
            for (LeafReaderContext leaf : reader.leaves()) {
                var ids = DocValues.getNumeric(leaf.reader(), "tid");
                for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
                    templateOf[leaf.docBase + doc] = (int) ids.longValue();
                }
            }
            System.out.printf("lucene segments=%d docs=%d search threads=%d%n", reader.leaves().size(),
                    reader.numDocs(), threads);
            searcher.search(new KnnFloatVectorQuery(FIELD, probes[0], 10), 10);
            System.out.printf("MEMORY heap with the index open and searched: %.0f B/template%n",
                    (double) (usedAfterGc() - heapBefore) / templates);
            for (int ef : efs) {
                int[][] quantised = new int[probes.length][];
                int[][] rescored = new int[probes.length][];
                long[] nanos = new long[probes.length];
                for (int round = 0; round < 2; round++) { // the first round warms up
                    for (int p = 0; p < probes.length; p++) {
                        long t0 = System.nanoTime();
                        ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(FIELD, probes[p], ef), ef).scoreDocs;
                        int[] ids = new int[hits.length];
                        for (int h = 0; h < hits.length; h++) {
                            ids[h] = templateOf[hits[h].doc];
                        }
                        // re-scored as the index does: on the float vectors of the mapped files
                        rescored[p] = topUsersInOrder(rescoreFromIndex(reader, hits, probes[p], templateOf), userOf,
                                TOP);
                        nanos[p] = System.nanoTime() - t0;
                        quantised[p] = topUsersInOrder(ids, userOf, TOP); // hits come best first by graph score
                    }
                }
                report("lucene-int7", dataset, ef, "graph score", quantised, truth, null);
                report("lucene-int7", dataset, ef, "re-scored", rescored, truth, nanos);
                mappedMemory(dir.resolve("tenant-1"), templates, "after ef=" + ef);
            }
        } finally {
            if (leaves != null) {
                leaves.shutdownNow();
            }
        }
    }

    /**
     * The shipped search path itself: {@link HnswTemplateIndex#search} (graph candidates, the best of them by graph
     * score re-scored on floats, best per user) for each candidate count and re-scored count, on the persisted
     * index (built first if absent); then the index's heap and what of its files is resident in this process.
     */
    private static void throughIndex(SyntheticGallery gallery, String dataset, int templates, int dimension,
            Path root, int[] efs, int[] rescores, float[][] probes, int[][] truth, Map<String, Integer> users)
            throws Exception {
        HnswSettings settings = graphSettings();
        Path dir = indexDirectory(root, dataset, templates, dimension, settings);
        long heapBefore = usedAfterGc();
        try (HnswTemplateIndex index = new HnswTemplateIndex(dir, settings)) {
            if (index.stats().templates() != templates) {
                long start = System.nanoTime();
                index.rebuild(gallery.entries(), Stream.of());
                System.out.printf("lucene build %.1f s%n", (System.nanoTime() - start) / 1e9);
            }
            index.search(Galleries.TENANT, Galleries.MODEL, probes[0], TOP);
            System.out.printf("MEMORY heap of the open, searched index: %.0f B/template%n",
                    (double) (usedAfterGc() - heapBefore) / templates);
            mappedMemory(dir.resolve("tenant-1"), templates, "after opening");
            for (int ef : efs) {
                for (int rescore : rescores) {
                    index.updateSearchSettings(settings.withSearch(ef, 0, 0).withRescore(rescore));
                    int[][] found = new int[probes.length][];
                    long[] nanos = new long[probes.length];
                    for (int round = 0; round < 2; round++) { // the first round warms up
                        if (round == 1 && Boolean.getBoolean("visage.benchmarks.evictFloats")) {
                            evictFromPageCache(dir.resolve("tenant-1"), FLOAT_FILES);
                        }
                        for (int p = 0; p < probes.length; p++) {
                            long t0 = System.nanoTime();
                            List<io.visage.api.index.UserMatch> matches =
                                    index.search(Galleries.TENANT, Galleries.MODEL, probes[p], TOP);
                            nanos[p] = System.nanoTime() - t0;
                            found[p] = matches.stream().mapToInt(m -> users.get(m.userReference())).toArray();
                        }
                    }
                    report("index", dataset, ef, "re-scored " + (rescore == 0 ? "all" : "best " + rescore), found,
                            truth, nanos);
                }
                mappedMemory(dir.resolve("tenant-1"), templates, "after ef=" + ef);
            }
        }
    }

    /**
     * Drops the page-cache pages of the index's files with this extension (posix_fadvise DONTNEED, through Python:
     * Java has no call for it), so that the next searches read their re-scored floats from disk.
     */
    private static void evictFromPageCache(Path dir, String extension) throws IOException, InterruptedException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.toString().endsWith(extension)) {
                    Process p = new ProcessBuilder("python3", "-c", "import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY);"
                            + " os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)", f.toString()).inheritIO().start();
                    if (p.waitFor() != 0) {
                        throw new IOException("could not evict " + f);
                    }
                }
            }
        }
        System.out.println("page cache: " + extension + " files evicted");
    }

    /**
     * The shipped settings, with the graph's links per node and beam width from {@code visage.benchmarks.maxConnections}
     * and {@code visage.benchmarks.beamWidth} when given (a graph built otherwise gets a directory of its own).
     */
    private static HnswSettings graphSettings() {
        HnswSettings shipped = HnswSettings.DEFAULTS;
        return new HnswSettings(Integer.getInteger("visage.benchmarks.maxConnections", shipped.maxConnections()),
                Integer.getInteger("visage.benchmarks.beamWidth", shipped.beamWidth()), shipped.quantizationBits(),
                shipped.searchCandidates(), shipped.rescoreCandidates(), shipped.exactScanMaxTemplates(),
                shipped.groupExactMaxUsers(), shipped.ramBufferMb(), shipped.commitIntervalSeconds());
    }

    /** Where the Lucene graph of a dataset and the index's settings is kept (and found again). */
    private static Path indexDirectory(Path root, String dataset, int templates, int dimension,
            HnswSettings settings) {
        return root.resolve(dataset + "-" + templates + "-" + dimension + "-m" + settings.maxConnections() + "-b"
                + settings.beamWidth() + "-q" + settings.quantizationBits());
    }

    private static void reopen(Path root, String dataset, int templates, int dimension, float[] probe)
            throws Exception {
        HnswSettings settings = HnswSettings.DEFAULTS;
        Path dir = indexDirectory(root, dataset, templates, dimension, settings);
        long heapBefore = usedAfterGc();
        long start = System.nanoTime();
        try (HnswTemplateIndex index = new HnswTemplateIndex(dir, settings)) {
            double opened = (System.nanoTime() - start) / 1e9;
            long t0 = System.nanoTime();
            int found = index.search(Galleries.TENANT, Galleries.MODEL, probe, 5).size();
            double first = (System.nanoTime() - t0) / 1e6;
            System.out.printf("lucene open of the persisted index (%d templates) %.1f s, first 1:N through the index"
                    + " %.0f ms (%d users, %d candidates), heap %.0f B/template%n", index.stats().templates(), opened,
                    first, found, settings.searchCandidates(), (double) (usedAfterGc() - heapBefore) / templates);
        }
    }

    /** Template ids of the hits ordered by the dot product with their float vectors as stored in the index. */
    private static int[] rescoreFromIndex(DirectoryReader reader, ScoreDoc[] hits, float[] query, int[] templateOf)
            throws IOException {
        int[] docs = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
            docs[i] = hits[i].doc;
        }
        Arrays.sort(docs); // per segment in doc order: the vector iterator only goes forward
        List<LeafReaderContext> leaves = reader.leaves();
        float[] scores = new float[docs.length];
        int i = 0;
        while (i < docs.length) {
            LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(docs[i], leaves));
            int end = leaf.docBase + leaf.reader().maxDoc();
            FloatVectorValues values = leaf.reader().getFloatVectorValues(FIELD);
            for (; i < docs.length && docs[i] < end; i++) {
                int doc = docs[i] - leaf.docBase;
                scores[i] = values.advance(doc) == doc ? dot(query, values.vectorValue()) : Float.NEGATIVE_INFINITY;
            }
        }
        Integer[] order = new Integer[docs.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        int[] ids = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            ids[k] = templateOf[docs[order[k]]];
        }
        return ids;
    }

    /**
     * Per template: the index's files by kind (Lucene's extensions: vec floats, veq int7 codes, vex graph) and
     * how much of each is resident in this process's memory maps (/proc/self/smaps), i.e. what searching touched.
     */
    private static void mappedMemory(Path dir, int templates, String when) throws IOException {
        Map<String, long[]> byKind = new java.util.TreeMap<>(); // extension -> {file bytes, resident bytes}
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                byKind.computeIfAbsent(kind(f.getFileName().toString()), k -> new long[2])[0] += Files.size(f);
            }
        }
        Path smaps = Paths.get("/proc/self/smaps");
        if (Files.isReadable(smaps)) {
            String prefix = dir.toAbsolutePath().toString() + "/";
            String current = null;
            for (String line : Files.readAllLines(smaps)) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) { // a mapping's header, its path last
                    String[] parts = line.split("\\s+", 6);
                    current = parts.length == 6 && parts[5].startsWith(prefix)
                            ? kind(parts[5].substring(prefix.length())) : null;
                } else if (current != null && line.startsWith("Rss:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    byKind.computeIfAbsent(current, k -> new long[2])[1] += kb * 1024;
                }
            }
        }
        StringBuilder out = new StringBuilder("MEMORY mapped " + when + " (B/template, file / resident):");
        long file = 0;
        long resident = 0;
        for (Map.Entry<String, long[]> e : byKind.entrySet()) {
            file += e.getValue()[0];
            resident += e.getValue()[1];
            out.append(String.format(Locale.ROOT, " %s %.0f/%.0f", e.getKey(), (double) e.getValue()[0] / templates,
                    (double) e.getValue()[1] / templates));
        }
        out.append(String.format(Locale.ROOT, "; total %.0f/%.0f", (double) file / templates,
                (double) resident / templates));
        System.out.println(out);
    }

    private static String kind(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(dot + 1);
    }

    private static void jvector(String dataset, int templates, int dimension, Path root, int[] efs, float[][] probes,
            int[][] truth, float[][] vectors, int[] userOf, int degree, int beam) throws IOException,
            InterruptedException {
        VectorTypeSupport types = VectorizationProvider.getInstance().getVectorTypeSupport();
        List<VectorFloat<?>> list = new ArrayList<>(templates);
        for (float[] v : vectors) {
            list.add(types.createFloatVector(v));
        }
        RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(list, dimension);
        long heapBefore = usedAfterGc();
        long start = System.nanoTime();
        OnHeapGraphIndex graph;
        GraphIndexBuilder builder = new GraphIndexBuilder(ravv, VectorSimilarityFunction.DOT_PRODUCT, degree, beam, 1.2f,
                1.2f);
        graph = builder.build(ravv);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        builder.close();
        long graphHeap = usedAfterGc() - heapBefore;
        Path file = root.resolve("jvector-" + dataset + "-" + templates + "-" + dimension + "-d" + degree + "-b" + beam);
        Files.createDirectories(root);
        long w0 = System.nanoTime();
        OnDiskGraphIndex.write(graph, ravv, file);
        System.out.printf("jvector degree=%d beam=%d build %.1f s (%d threads), graph heap %.0f B/template, written %.1f s,"
                + " file %.0f B/template%n", degree, beam, buildSeconds, Runtime.getRuntime().availableProcessors(),
                (double) graphHeap / templates, (System.nanoTime() - w0) / 1e9, (double) Files.size(file) / templates);
        sweepJvector("jvector-heap", dataset, efs, probes, truth, vectors, userOf, graph, ravv, types);
        graph = null;
        list.clear();
        long diskBefore = usedAfterGc();
        try (SimpleMappedReader.Supplier supplier = new SimpleMappedReader.Supplier(file)) {
            OnDiskGraphIndex disk = OnDiskGraphIndex.load(supplier);
            System.out.printf("jvector on-disk open: heap %.0f B/template%n",
                    (double) (usedAfterGc() - diskBefore) / templates);
            sweepJvector("jvector-disk", dataset, efs, probes, truth, vectors, userOf, disk, null, types);
            disk.close();
        }
    }

    private static void sweepJvector(String name, String dataset, int[] efs, float[][] probes, int[][] truth,
            float[][] vectors, int[] userOf, io.github.jbellis.jvector.graph.GraphIndex graph,
            RandomAccessVectorValues ravv, VectorTypeSupport types) throws IOException {
        try (GraphSearcher searcher = new GraphSearcher(graph)) {
            RandomAccessVectorValues values = ravv != null ? ravv : (RandomAccessVectorValues) searcher.getView();
            for (int ef : efs) {
                int[][] found = new int[probes.length][];
                long[] nanos = new long[probes.length];
                for (int round = 0; round < 2; round++) {
                    for (int p = 0; p < probes.length; p++) {
                        long t0 = System.nanoTime();
                        VectorFloat<?> q = types.createFloatVector(probes[p]);
                        SearchResult result = searcher.search(
                                SearchScoreProvider.exact(q, VectorSimilarityFunction.DOT_PRODUCT, values), ef,
                                Bits.ALL);
                        SearchResult.NodeScore[] nodes = result.getNodes();
                        int[] ids = new int[nodes.length];
                        for (int h = 0; h < nodes.length; h++) {
                            ids[h] = nodes[h].node; // exact float scores, best first
                        }
                        found[p] = topUsersInOrder(ids, userOf, TOP);
                        nanos[p] = System.nanoTime() - t0;
                    }
                }
                report(name, dataset, ef, "float", found, truth, nanos);
            }
        }
    }

    private static void report(String backend, String dataset, int ef, String scores, int[][] found, int[][] truth,
            long[] nanos) {
        int top1 = 0;
        int top5 = 0;
        for (int p = 0; p < truth.length; p++) {
            if (found[p].length > 0 && found[p][0] == truth[p][0]) {
                top1++;
            }
            for (int u : truth[p]) {
                for (int f : found[p]) {
                    if (f == u) {
                        top5++;
                        break;
                    }
                }
            }
        }
        String latency = "";
        if (nanos != null) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            latency = String.format(" p50=%.2fms p99=%.2fms", sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
        System.out.printf("RECALL %s %s ef=%d %s recall@1=%.3f recall@5=%.3f%s%n", backend, dataset, ef, scores,
                (double) top1 / truth.length, (double) top5 / (TOP * truth.length), latency);
    }

    /** The best {@code top} users of the whole gallery by exact float score: the best 64 templates kept in a heap. */
    private static int[] bruteForceUsers(float[] query, float[][] vectors, int[] userOf, int top) {
        int keep = Math.min(vectors.length, 64); // enough for 5 users of several templates each
        java.util.PriorityQueue<long[]> best = new java.util.PriorityQueue<>(
                (a, b) -> Float.compare(Float.intBitsToFloat((int) a[0]), Float.intBitsToFloat((int) b[0])));
        for (int i = 0; i < vectors.length; i++) {
            float score = dot(query, vectors[i]);
            if (best.size() < keep) {
                best.add(new long[] {Float.floatToIntBits(score), i});
            } else if (score > Float.intBitsToFloat((int) best.peek()[0])) {
                best.poll();
                best.add(new long[] {Float.floatToIntBits(score), i});
            }
        }
        int[] ids = best.stream().mapToInt(e -> (int) e[1]).toArray();
        return topUsers(ids, query, vectors, userOf, top);
    }

    /** The best {@code top} users among the templates, by exact float score (best template per user). */
    private static int[] topUsers(int[] ids, float[] query, float[][] vectors, int[] userOf, int top) {
        float[] scores = new float[ids.length];
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            scores[i] = dot(query, vectors[ids[i]]);
            order[i] = i;
        }
        if (ids.length > 4 * top) {
            // partial selection: keep the best 64 templates, enough for 5 users of 4 templates each
            int keep = Math.min(ids.length, 64);
            float threshold = kthLargest(scores, keep);
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                if (scores[i] >= threshold) {
                    kept.add(i);
                }
            }
            order = kept.toArray(new Integer[0]);
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        int[] best = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            best[i] = ids[order[i]];
        }
        return topUsersInOrder(best, userOf, top);
    }

    private static int[] topUsersInOrder(int[] ids, int[] userOf, int top) {
        int[] out = new int[top];
        int n = 0;
        outer:
        for (int id : ids) {
            int u = userOf[id];
            for (int i = 0; i < n; i++) {
                if (out[i] == u) {
                    continue outer;
                }
            }
            out[n++] = u;
            if (n == top) {
                break;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static float kthLargest(float[] scores, int k) {
        float[] copy = scores.clone();
        Arrays.sort(copy);
        return copy[copy.length - k];
    }

    private static float dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return s0 + s1 + s2 + s3;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
