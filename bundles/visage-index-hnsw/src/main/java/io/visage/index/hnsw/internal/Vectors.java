package io.visage.index.hnsw.internal;

/** Exact scoring on float vectors. */
final class Vectors {

    private Vectors() {
    }

    /**
     * Dot product summed in the same order as the exact index (eight accumulators, pairwise at the end), so
     * both backends give bit-identical scores and a switch between them changes no decision at a threshold.
     */
    static float dot(float[] q, float[] v) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int dim = q.length;
        int i = 0;
        for (int end = dim & ~7; i < end; i += 8) {
            s0 += q[i] * v[i];
            s1 += q[i + 1] * v[i + 1];
            s2 += q[i + 2] * v[i + 2];
            s3 += q[i + 3] * v[i + 3];
            s4 += q[i + 4] * v[i + 4];
            s5 += q[i + 5] * v[i + 5];
            s6 += q[i + 6] * v[i + 6];
            s7 += q[i + 7] * v[i + 7];
        }
        for (; i < dim; i++) {
            s0 += q[i] * v[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
