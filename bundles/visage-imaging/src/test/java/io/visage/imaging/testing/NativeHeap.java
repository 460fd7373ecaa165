package io.visage.imaging.testing;

import static org.junit.Assume.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * The bytes glibc's malloc has handed out and not had back, over all its arenas ({@code mallinfo2}: ordinary
 * blocks in use plus mmapped blocks). OpenCV's {@code Mat} data, ONNX Runtime's tensors, results and arena chunks
 * all come from malloc, so a native object not released on a path shows as growth here, exactly and without the
 * page-level noise of the resident size. Collected Java wrappers (a {@code Mat} header is freed by its finalizer)
 * are not counted: every reading runs the collector and the finalizers first.
 *
 * <p>Tests using it skip where there is no glibc 2.33+ (mallinfo2).
 */
public final class NativeHeap {

    /** libc's entry points used here. */
    public interface LibC extends Library {
        Mallinfo2.ByValue mallinfo2();
    }

    /** {@code struct mallinfo2}: ten {@code size_t} fields. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost"})
    public static class Mallinfo2 extends Structure {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        /** Returned by value. */
        public static class ByValue extends Mallinfo2 implements Structure.ByValue {
        }
    }

    private static final LibC LIBC = load();

    private NativeHeap() {
    }

    private static LibC load() {
        try {
            LibC libc = Native.load("c", LibC.class);
            libc.mallinfo2();
            return libc;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Skips the calling test where malloc's accounting cannot be read. */
    public static void assumeAvailable() {
        assumeTrue("glibc mallinfo2 not available: skipping the native memory check", LIBC != null);
    }

    /** Bytes of malloc'd memory in use now, after a collection and the finalizers it queued. */
    public static long inUse() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
        }
        Mallinfo2 m = LIBC.mallinfo2();
        return m.uordblks + m.hblkhd;
    }

    /**
     * Runs {@code body} {@code warmup} times, then {@code runs} times more, and returns the growth of malloc'd
     * memory in use over those runs, per run, each reading after a collection: what no collector frees (an ONNX
     * Runtime value or result never closed, a chunk its arena had to add for them) grows with the runs.
     */
    public static double collectedGrowthPerRun(int warmup, int runs, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        long before = settled();
        for (int i = 0; i < runs; i++) {
            body.run();
        }
        return (double) (settled() - before) / runs;
    }

    /** {@link #inUse()} once a further collection changes it by less than 64 KiB (direct buffers' cleaners ran). */
    private static long settled() {
        long last = inUse();
        for (int i = 0; i < 20; i++) {
            Thread.onSpinWait();
            long now = inUse();
            if (Math.abs(now - last) < 65536) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Bytes of malloc'd memory in use now, as it is (nothing collected first). */
    public static long inUseNow() {
        Mallinfo2 m = LIBC.mallinfo2();
        return m.uordblks + m.hblkhd;
    }

    /**
     * Runs {@code body} {@code warmup} times (caches, ONNX Runtime's arena and the JIT settle), then {@code runs}
     * times more, each between two readings of malloc's bytes in use, and returns the median growth over one run.
     * Nothing is collected during a run, so an object the path should have released is still counted, even one a
     * finalizer would free later (an OpenCV {@code Mat} left to the collector holds its pixels until then): its
     * size shows in every run, hence in the median. What the rest of the JVM allocates meanwhile (the compiler, a
     * collection that happens to run) disturbs a few runs only.
     */
    public static long medianGrowthPerRun(int warmup, int runs, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        inUse();
        long[] growth = new long[runs];
        for (int i = 0; i < runs; i++) {
            if (i % 16 == 15) {
                inUse(); // lets the finalizers free the Mat headers (small, but they add up)
            }
            long before = inUseNow();
            body.run();
            growth[i] = inUseNow() - before;
        }
        java.util.Arrays.sort(growth);
        return growth[runs / 2];
    }
}
