package io.visage.index.exact.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The int8 dot product on SIMD lanes (Java 17's incubating Vector API). The only class of the bundle that
 * names {@code jdk.incubator.vector}: when the package is not there, loading it fails ({@link Int8Sketch}
 * catches that and keeps no sketch).
 */
final class VectorInt8Dot {

    /** 16 bytes widen to 16 shorts (256 bits), whose products widen to two halves of 8 ints. */
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_128;
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_256;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final int STEP = BYTES.length();

    private VectorInt8Dot() {
    }

    /** Whether the lanes are real (not emulated) and give exact results; loading this class needs the Vector API. */
    static boolean usable() {
        if (IntVector.SPECIES_PREFERRED.vectorBitSize() < 256) {
            return false; // emulated lanes would be slower than the float scan
        }
        byte[] a = new byte[2 * STEP + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (i % 2 == 0 ? -127 + i : 127 - i);
        }
        int expected = 0;
        for (byte value : a) {
            expected += value * value;
        }
        return dot(a, a, 0, a.length) == expected;
    }

    /** Σ q[i]·v[offset + i] over {@code dim} values, exact (no overflow below 133,000 values). */
    static int dot(byte[] q, byte[] v, int offset, int dim) {
        IntVector sum = IntVector.zero(INTS);
        int i = 0;
        for (int end = dim - STEP; i <= end; i += STEP) {
            ShortVector a = (ShortVector) ByteVector.fromArray(BYTES, q, i).convertShape(VectorOperators.B2S, SHORTS, 0);
            ShortVector b = (ShortVector) ByteVector.fromArray(BYTES, v, offset + i)
                    .convertShape(VectorOperators.B2S, SHORTS, 0);
            // |a·b| ≤ 127², so the product fits a short; it is widened before summing.
            ShortVector product = a.mul(b);
            sum = sum.add((IntVector) product.convertShape(VectorOperators.S2I, INTS, 0))
                    .add((IntVector) product.convertShape(VectorOperators.S2I, INTS, 1));
        }
        int total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            total += q[i] * v[offset + i];
        }
        return total;
    }
}
