package io.visage.index.hnsw.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products on SIMD lanes (Java 17's incubating Vector API) for the graph's own scores: Lucene 9.12 uses
 * its Panama code only on Java 20+, and on 17 scores every graph hop with a scalar loop. The only class of
 * the bundle that names {@code jdk.incubator.vector}: where the package is absent, loading it fails and
 * {@link SimdVectorScorer} keeps Lucene's scorers.
 */
final class SimdLanes {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    /** 16 bytes widen to 16 shorts (256 bits), whose products widen to two halves of 8 ints. */
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_128;
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_256;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;

    private SimdLanes() {
    }

    /** Whether the lanes are real (not emulated, which would be slower than Lucene's loop) and exact. */
    static boolean usable() {
        if (IntVector.SPECIES_PREFERRED.vectorBitSize() < 256) {
            return false;
        }
        byte[] a = new byte[2 * BYTES.length() + 3];
        float[] f = new float[2 * FLOATS.length() + 3];
        int expected = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (i * 5 % 128);
            expected += a[i] * a[i];
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = 1f / (1 + i);
        }
        return dot(a, a) == expected && Math.abs(dot(f, f) - scalarDot(f, f)) < 1e-5f;
    }

    /** Σ a[i]·b[i] in float; the summation order differs from a scalar loop's (graph scores only). */
    static float dot(float[] a, float[] b) {
        FloatVector sum0 = FloatVector.zero(FLOATS);
        FloatVector sum1 = FloatVector.zero(FLOATS);
        int step = FLOATS.length();
        int i = 0;
        for (int end = a.length - 2 * step; i <= end; i += 2 * step) {
            sum0 = FloatVector.fromArray(FLOATS, a, i).fma(FloatVector.fromArray(FLOATS, b, i), sum0);
            sum1 = FloatVector.fromArray(FLOATS, a, i + step).fma(FloatVector.fromArray(FLOATS, b, i + step), sum1);
        }
        float total = sum0.add(sum1).reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) {
            total = Math.fma(a[i], b[i], total);
        }
        return total;
    }

    /**
     * Σ a[i]·b[i] of byte vectors, exact (no overflow below 133,000 values); Lucene's int7 codes are 0..127,
     * so every product fits a short before it is widened.
     */
    static int dot(byte[] a, byte[] b) {
        IntVector sum = IntVector.zero(INTS);
        int step = BYTES.length();
        int i = 0;
        for (int end = a.length - step; i <= end; i += step) {
            ShortVector x = (ShortVector) ByteVector.fromArray(BYTES, a, i).convertShape(VectorOperators.B2S, SHORTS, 0);
            ShortVector y = (ShortVector) ByteVector.fromArray(BYTES, b, i).convertShape(VectorOperators.B2S, SHORTS, 0);
            ShortVector product = x.mul(y);
            sum = sum.add((IntVector) product.convertShape(VectorOperators.S2I, INTS, 0))
                    .add((IntVector) product.convertShape(VectorOperators.S2I, INTS, 1));
        }
        int total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) {
            total += a[i] * b[i];
        }
        return total;
    }

    private static float scalarDot(float[] a, float[] b) {
        float total = 0;
        for (int i = 0; i < a.length; i++) {
            total += a[i] * b[i];
        }
        return total;
    }
}
