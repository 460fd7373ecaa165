package io.visage.benchmarks;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.visage.api.index.UserMatch;
import io.visage.index.exact.internal.ExactTemplateIndex;

/**
 * Single-threaded 1:N latency of the exact index: top-5 users over a gallery of random unit vectors.
 * Sample mode gives the latency distribution (p50 is what BENCHMARKS.md reports). {@code scan}: {@code int8}
 * = the index as it runs in Karaf (int8 sketch on Vector API lanes first), {@code float} = float scan only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExactSearchBenchmark {

    private static final int QUERIES = 64;

    @Param({"10000", "100000"})
    int templates;

    @Param({"512"})
    int dimension;

    @Param({"int8", "float"})
    String scan;

    private ExactTemplateIndex index;
    private float[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void buildGallery() {
        // Read once, when the index's classes first load in this fork.
        System.setProperty("visage.index.exact.int8", Boolean.toString(scan.equals("int8")));
        index = new ExactTemplateIndex();
        Galleries.fill(index, templates, dimension, 42);
        Random random = new Random(7);
        queries = new float[QUERIES][];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = Galleries.unit(random, new float[dimension]);
        }
    }

    @Benchmark
    public List<UserMatch> searchTop5() {
        float[] query = queries[next++ & (QUERIES - 1)];
        return index.search(Galleries.TENANT, Galleries.MODEL, query, 5);
    }
}
