package io.visage.index.exact.internal;

/**
 * An int8 copy of each template, used to skip rows that provably cannot enter a search's result before
 * their float dot product is computed.
 *
 * <p>A vector {@code v} is stored as codes {@code c} (each in -127..127) and a scale {@code s} with
 * {@code v ≈ s·c}; {@code e = v − s·c} is its rounding error. For a query {@code q} sketched the same way,
 * {@code q·v − s_q·s_v·(c_q·c_v) = q·e_v + e_q·(s_v·c_v)}, so by Cauchy–Schwarz the exact score lies within
 * {@code |q|·|e_v| + |e_q|·|s_v·c_v|} of the sketch's. Each row keeps its scale, {@code |e_v|} and
 * {@code |s_v·c_v|}; a row whose sketch score plus that bound is not above the result's current threshold is
 * skipped, and every other row is scored in float as before. Results and scores are therefore exactly those
 * of the float scan; only the number of float dot products changes.
 *
 * <p>The int8 dot product is only faster than the float one when it runs on SIMD lanes, which Java 17 does
 * through the incubating Vector API alone ({@link VectorInt8Dot}); without it (module not added to the JVM,
 * package not exported to this bundle, or narrow vector units) no sketch is kept and nothing changes.
 */
final class Int8Sketch {

    /** Values per row in a block's metadata array: scale, error norm, norm of the decoded vector. */
    static final int META = 3;
    /** Covers float rounding in either score (both are within ~1e-5 of the real value for unit vectors). */
    static final float SLACK = 1e-4f;

    /**
     * Whether rows are sketched: system property {@code visage.index.exact.int8} (default true), the Vector
     * API reachable from this bundle, and vector units of at least 256 bits.
     */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("visage.index.exact.int8", "true"))
            && vectorApiUsable();

    private Int8Sketch() {
    }

    private static boolean vectorApiUsable() {
        try {
            return VectorInt8Dot.usable();
        } catch (LinkageError absent) { // NoClassDefFoundError, or its initializer failing the same way
            return false;
        }
    }

    /**
     * Writes the codes of {@code dim} values of {@code src} from {@code srcOffset} into {@code codes} at
     * {@code codeOffset}, and scale, error norm and decoded norm into {@code meta} at {@code metaOffset}.
     */
    static void encode(float[] src, int srcOffset, int dim, byte[] codes, int codeOffset, float[] meta,
            int metaOffset) {
        double maxAbs = 0;
        for (int i = 0; i < dim; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(src[srcOffset + i]));
        }
        double scale = maxAbs / 127;
        double error = 0;
        double decoded = 0;
        for (int i = 0; i < dim; i++) {
            double value = src[srcOffset + i];
            long code = scale == 0 || Double.isNaN(scale) ? 0 : Math.max(-127, Math.min(127, Math.round(value / scale)));
            codes[codeOffset + i] = (byte) code;
            double back = code * scale;
            error += (value - back) * (value - back);
            decoded += back * back;
        }
        meta[metaOffset] = (float) scale;
        // Rounded up so that the float copies never understate the bound.
        meta[metaOffset + 1] = Math.nextUp((float) Math.sqrt(error));
        meta[metaOffset + 2] = Math.nextUp((float) Math.sqrt(decoded));
    }

    /** A query's own sketch, made once per search. */
    static final class Query {
        final byte[] codes;
        final float scale;
        final float error;
        final float norm;

        Query(float[] query) {
            int dim = query.length;
            codes = new byte[dim];
            float[] meta = new float[META];
            encode(query, 0, dim, codes, 0, meta, 0);
            scale = meta[0];
            error = meta[1];
            double sum = 0;
            for (float value : query) {
                sum += (double) value * value;
            }
            norm = Math.nextUp((float) Math.sqrt(sum));
        }

        /** The highest exact score row {@code row} of a block can have. */
        float upperBound(byte[] blockCodes, float[] blockMeta, int row, int dim) {
            int m = row * META;
            float estimate = scale * blockMeta[m] * VectorInt8Dot.dot(codes, blockCodes, row * dim, dim);
            return estimate + norm * blockMeta[m + 1] + error * blockMeta[m + 2] + SLACK;
        }
    }
}
