package io.visage.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;
import io.visage.index.exact.internal.ExactTemplateIndex;
import io.visage.index.hnsw.internal.HnswSettings;
import io.visage.index.hnsw.internal.HnswTemplateIndex;

/**
 * Exact vs HNSW on the same synthetic gallery: single-threaded top-5 latency (JMH sample mode), and, printed
 * by the trial's setup as a {@code RESULT} line, build time, heap per template (used heap after full GCs,
 * with and without the index), index files per template and recall@1/@5 of the HNSW index against the exact
 * one over 500 probes.
 *
 * <p>{@code backend} is {@code exact} or {@code hnsw-<candidates>}. The HNSW graph for a dataset is built
 * once into {@code hnswDir} and re-opened by later trials (the index is persistent), so the candidate counts
 * are compared on the same graph; the first trial of a dataset reports the build, later ones the re-open.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class IndexComparisonBenchmark {

    private static final int QUERIES = 512;
    private static final int RECALL_PROBES = 500;

    @Param({"random", "clustered"})
    String dataset;

    @Param({"exact", "hnsw-100", "hnsw-1000", "hnsw-2000", "hnsw-4000"})
    String backend;

    @Param({"100000"})
    int templates;

    @Param({"512"})
    int dimension;

    @Param({"target/index-comparison"})
    String hnswDir;

    private TemplateIndex index;
    private float[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void buildIndex() throws InterruptedException {
        SyntheticGallery gallery = new SyntheticGallery(dataset, templates, dimension);
        queries = gallery.queries(QUERIES);
        long heapBefore = usedAfterGc();
        long start = System.nanoTime();
        String how;
        if (backend.equals("exact")) {
            ExactTemplateIndex exact = new ExactTemplateIndex();
            exact.rebuild(gallery.entries(), Stream.of());
            index = exact;
            how = "built";
        } else {
            int candidates = Integer.parseInt(backend.substring("hnsw-".length()));
            HnswSettings settings = HnswSettings.DEFAULTS.withSearch(candidates, 0, 0);
            // the graph settings name the directory: a graph built with other ones is never re-opened here
            Path dir = Paths.get(hnswDir, dataset + "-" + templates + "-" + dimension + "-m" + settings.maxConnections()
                    + "-b" + settings.beamWidth() + "-q" + settings.quantizationBits());
            boolean exists = Files.isDirectory(dir);
            HnswTemplateIndex hnsw = new HnswTemplateIndex(dir, settings);
            if (!exists || hnsw.stats().templates() != templates) {
                hnsw.rebuild(gallery.entries(), Stream.of());
                how = "built";
            } else {
                how = "re-opened";
            }
            // the first search warms the searcher; it belongs to making the index ready
            hnsw.search(Galleries.TENANT, Galleries.MODEL, queries[0], 5);
            index = hnsw;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long heap = usedAfterGc() - heapBefore;
        long files = backend.equals("exact") ? 0 : index.stats().allocatedBytes();
        String recall = backend.equals("exact") ? "recall@1=1 recall@5=1" : recall(gallery);
        System.out.printf("%nRESULT dataset=%s backend=%s templates=%d graph=%s %s_s=%.1f heap_B_per_template=%.0f"
                + " files_B_per_template=%.0f segments=%d %s%n", dataset, backend, templates, graph(), how, seconds,
                (double) heap / templates, (double) files / templates, luceneSegments(), recall);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (index instanceof HnswTemplateIndex hnsw) {
            hnsw.close();
        }
    }

    @Benchmark
    public List<UserMatch> searchTop5() {
        float[] query = queries[next++ & (QUERIES - 1)];
        return index.search(Galleries.TENANT, Galleries.MODEL, query, 5);
    }

    /** Against an exact index over the same gallery, built (and dropped) here. */
    private String recall(SyntheticGallery gallery) {
        ExactTemplateIndex exact = new ExactTemplateIndex();
        exact.rebuild(gallery.entries(), Stream.of());
        float[][] probes = gallery.queries(RECALL_PROBES);
        int top1 = 0;
        int top5 = 0;
        for (float[] probe : probes) {
            List<String> expected = refs(exact.search(Galleries.TENANT, Galleries.MODEL, probe, 5));
            List<String> actual = refs(index.search(Galleries.TENANT, Galleries.MODEL, probe, 5));
            if (!actual.isEmpty() && expected.get(0).equals(actual.get(0))) {
                top1++;
            }
            Set<String> common = new HashSet<>(expected);
            common.retainAll(actual);
            top5 += common.size();
        }
        return String.format("recall@1=%.4f recall@5=%.4f", (double) top1 / probes.length,
                (double) top5 / (5.0 * probes.length));
    }

    private String graph() {
        HnswSettings d = HnswSettings.DEFAULTS;
        return backend.equals("exact") ? "-"
                : "M" + d.maxConnections() + "/beam" + d.beamWidth() + "/bits" + d.quantizationBits();
    }

    /** Lucene segments (graphs) searched per query: the count of segment files in the tenant's index. */
    private long luceneSegments() {
        if (!(index instanceof HnswTemplateIndex hnsw)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(hnsw.directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".si")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> refs(List<UserMatch> matches) {
        return matches.stream().map(UserMatch::userReference).collect(Collectors.toList());
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
