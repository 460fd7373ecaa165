package io.visage.index.hnsw.internal;

import java.io.Closeable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.lucene.search.TaskExecutor;

/**
 * The threads an index spreads its work over, one pool per kind so that a long graph merge never queues a
 * search behind it: searches run a query's segments side by side, merges insert into one graph with several
 * workers (Lucene's concurrent HNSW merge), rebuilds feed several indexing threads. {@code visage.index.hnsw.threads}
 * sets the count (default: the processors); 1 keeps everything on the calling thread, as Lucene does by default.
 */
final class HnswThreads implements Closeable {

    static final String PROPERTY = "visage.index.hnsw.threads";

    private final int parallelism;
    private final ExecutorService searches;
    private final ExecutorService merges;

    HnswThreads(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
        this.searches = parallelism > 1 ? Executors.newFixedThreadPool(parallelism, daemons("search")) : null;
        this.merges = parallelism > 1 ? Executors.newFixedThreadPool(parallelism, daemons("merge")) : null;
    }

    /** From {@value #PROPERTY}, else one per processor. */
    static HnswThreads fromSystemProperty() {
        return new HnswThreads(Integer.getInteger(PROPERTY, Runtime.getRuntime().availableProcessors()));
    }

    int parallelism() {
        return parallelism;
    }

    /** For an {@code IndexSearcher}: null searches segment after segment on the caller's thread. */
    ExecutorService searchExecutor() {
        return searches;
    }

    /** Workers for one merged graph (Lucene's {@code numMergeWorkers}). */
    int mergeWorkers() {
        return merges == null ? 1 : parallelism;
    }

    /** Null when merges are single-threaded, as Lucene expects then. */
    TaskExecutor mergeExecutor() {
        return merges == null ? null : new TaskExecutor(merges);
    }

    ExecutorService mergeExecutorService() {
        return merges;
    }

    @Override
    public void close() {
        if (searches != null) {
            searches.shutdownNow();
            merges.shutdownNow();
        }
    }

    private static ThreadFactory daemons(String kind) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "visage-index-hnsw-" + kind + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(HnswThreads.class.getClassLoader()); // Lucene's SPI, inside OSGi
            return thread;
        };
    }
}
