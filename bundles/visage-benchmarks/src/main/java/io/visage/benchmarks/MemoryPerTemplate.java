package io.visage.benchmarks;

import io.visage.api.index.IndexStats;
import io.visage.index.exact.internal.ExactTemplateIndex;

/**
 * Heap retained per template by the exact index, measured as used heap after full GCs with and without
 * a filled index, beside the index's own estimate ({@link IndexStats#allocatedBytes()}). The difference
 * includes user references (a String per user here, "user-N") and the user-ordinal map.
 *
 * <p>Run: {@code java -Xmx2g -cp target/benchmarks.jar io.visage.benchmarks.MemoryPerTemplate 100000 512}
 */
public final class MemoryPerTemplate {

    private MemoryPerTemplate() {
    }

    public static void main(String[] args) throws InterruptedException {
        int templates = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int dimension = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        long before = usedAfterGc();
        ExactTemplateIndex index = new ExactTemplateIndex();
        Galleries.fill(index, templates, dimension, 42);
        long after = usedAfterGc();
        IndexStats stats = index.stats();
        long measured = after - before;
        System.out.printf("templates=%d dimension=%d%n", stats.templates(), dimension);
        System.out.printf("measured heap: %d bytes total, %.0f bytes/template%n", measured, (double) measured / templates);
        System.out.printf("index estimate (arrays incl. spare capacity): %.0f bytes/template%n",
                (double) stats.allocatedBytes() / templates);
        System.out.printf("vector payload: %.0f bytes/template%n", (double) stats.vectorBytes() / templates);
        if (index.stats().templates() != templates) {
            throw new AssertionError("index lost templates");
        }
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
