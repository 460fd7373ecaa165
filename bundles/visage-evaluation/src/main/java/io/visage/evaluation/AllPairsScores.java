package io.visage.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Every pair of a set of embedded images scored once: the cross-identity pairs make a large impostor set
 * (n images give about n²/2 pairs, so thresholds at FMR 1e-5..1e-6 rest on real pairs), the same-identity
 * pairs a genuine set. Each image is embedded once; a pair costs one dot product of unit vectors.
 */
final class AllPairsScores {

    /** A pair of images by index, with its score. */
    record IndexPair(int a, int b, double score) {
    }

    final double[] impostor;
    final double[] genuine;
    /** The highest-scoring impostor pairs, highest first. */
    final List<IndexPair> highestImpostors;
    /** The lowest-scoring genuine pairs, lowest first. */
    final List<IndexPair> lowestGenuine;

    private AllPairsScores(double[] impostor, double[] genuine, List<IndexPair> highestImpostors,
                           List<IndexPair> lowestGenuine) {
        this.impostor = impostor;
        this.genuine = genuine;
        this.highestImpostors = highestImpostors;
        this.lowestGenuine = lowestGenuine;
    }

    /**
     * @param identities the identity of each image
     * @param vectors    its embedding, or {@code null} when it has none (no face): such images are left out
     * @param keep       how many extreme pairs of each kind to remember
     */
    static AllPairsScores score(List<String> identities, List<float[]> vectors, int keep) {
        List<Integer> usable = new ArrayList<>();
        List<float[]> unit = new ArrayList<>();
        for (int k = 0; k < vectors.size(); k++) {
            if (vectors.get(k) != null) {
                usable.add(k);
                unit.add(unitLength(vectors.get(k)));
            }
        }
        long same = 0;
        long all = 0;
        for (int x = 0; x < usable.size(); x++) {
            for (int y = x + 1; y < usable.size(); y++) {
                all++;
                if (identities.get(usable.get(x)).equals(identities.get(usable.get(y)))) {
                    same++;
                }
            }
        }
        if (all - same > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many pairs for one array: " + (all - same));
        }
        double[] impostor = new double[(int) (all - same)];
        double[] genuine = new double[(int) same];
        Extremes highest = new Extremes(keep, true);
        Extremes lowest = new Extremes(keep, false);
        int i = 0;
        int g = 0;
        for (int x = 0; x < usable.size(); x++) {
            float[] a = unit.get(x);
            String identity = identities.get(usable.get(x));
            for (int y = x + 1; y < usable.size(); y++) {
                double s = dot(a, unit.get(y));
                if (identity.equals(identities.get(usable.get(y)))) {
                    genuine[g++] = s;
                    lowest.offer(usable.get(x), usable.get(y), s);
                } else {
                    impostor[i++] = s;
                    highest.offer(usable.get(x), usable.get(y), s);
                }
            }
        }
        return new AllPairsScores(impostor, genuine, highest.mostExtremeFirst(), lowest.mostExtremeFirst());
    }

    static float[] unitLength(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        float[] u = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            u[k] = norm == 0 ? 0 : (float) (v[k] / norm);
        }
        return u;
    }

    /** Four running sums: the loop is the whole cost of millions of pairs, and they let the CPU overlap. */
    static double dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (; k + 3 < a.length; k += 4) {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
        }
        for (; k < a.length; k++) {
            s0 += a[k] * b[k];
        }
        return (double) s0 + s1 + s2 + s3;
    }

    /** The {@code keep} highest (or lowest) scoring pairs, in a heap whose head is the least extreme of them. */
    private static final class Extremes {
        private final int keep;
        private final double sign;
        private final PriorityQueue<IndexPair> heap;

        Extremes(int keep, boolean highest) {
            this.keep = keep;
            this.sign = highest ? 1 : -1;
            this.heap = new PriorityQueue<>(Math.max(1, keep), Comparator.comparingDouble(p -> sign * p.score()));
        }

        void offer(int a, int b, double score) {
            // Compare before allocating: almost every one of millions of pairs is turned away here.
            if (keep == 0 || (heap.size() == keep && sign * score <= sign * heap.peek().score())) {
                return;
            }
            heap.add(new IndexPair(a, b, score));
            if (heap.size() > keep) {
                heap.poll();
            }
        }

        List<IndexPair> mostExtremeFirst() {
            List<IndexPair> list = new ArrayList<>(heap);
            list.sort(Comparator.comparingDouble(p -> -sign * p.score()));
            return list;
        }
    }
}
