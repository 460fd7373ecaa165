package io.visage.evaluation;

import java.util.Arrays;

/**
 * Error rates of a similarity score (higher = more alike; a pair is accepted when its score is at least the
 * threshold) from genuine and impostor scores. Sorted once, so it also serves millions of impostor pairs.
 */
final class ErrorRates {

    /** The equal error rate and the threshold where FMR and FNMR are closest. */
    record Eer(double rate, double threshold) {
    }

    private final double[] genuine;
    private final double[] impostor;

    private ErrorRates(double[] genuineSorted, double[] impostorSorted) {
        this.genuine = genuineSorted;
        this.impostor = impostorSorted;
    }

    /** Copies and sorts the scores. */
    static ErrorRates of(double[] genuine, double[] impostor) {
        return sorted(genuine.clone(), impostor.clone());
    }

    /** Sorts the arrays in place and keeps them (for large impostor sets, where a copy would double memory). */
    static ErrorRates sorted(double[] genuine, double[] impostor) {
        if (genuine.length == 0 || impostor.length == 0) {
            throw new IllegalArgumentException("genuine and impostor scores are both needed");
        }
        Arrays.sort(genuine);
        Arrays.sort(impostor);
        return new ErrorRates(genuine, impostor);
    }

    int genuineCount() {
        return genuine.length;
    }

    int impostorCount() {
        return impostor.length;
    }

    double[] genuineSorted() {
        return genuine;
    }

    double[] impostorSorted() {
        return impostor;
    }

    /** Share of genuine pairs rejected at {@code threshold} (score below it). */
    double fnmr(double threshold) {
        return (double) countBelow(genuine, threshold) / genuine.length;
    }

    /** Share of impostor pairs accepted at {@code threshold} (score at or above it). */
    double fmr(double threshold) {
        return (double) impostorsAccepted(threshold) / impostor.length;
    }

    long impostorsAccepted(double threshold) {
        return impostor.length - countBelow(impostor, threshold);
    }

    /**
     * The lowest threshold whose FMR is at most {@code fmr}: just above the impostor score that would be
     * one pair too many. {@code floor(fmr * impostors)} pairs may still score at or above it, so the figure
     * stands on that many pairs: a target below {@code 1 / impostors} is not measured (the threshold then
     * rejects every impostor seen).
     */
    double thresholdAtFmr(double fmr) {
        long allowed = impostorsAllowed(fmr);
        if (allowed >= impostor.length) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.nextUp(impostor[(int) (impostor.length - 1 - allowed)]);
    }

    /** How many impostor pairs may be accepted at {@code fmr}: the pairs a threshold at that FMR rests on. */
    long impostorsAllowed(double fmr) {
        return (long) Math.floor(fmr * impostor.length + 1e-9);
    }

    /** Sweeps every score as a threshold, lowest first; the first of equally close points wins. */
    Eer eer() {
        int g = 0;
        int i = 0;
        double bestGap = Double.MAX_VALUE;
        Eer best = new Eer(1, 0);
        while (g < genuine.length || i < impostor.length) {
            double t = Math.min(g < genuine.length ? genuine[g] : Double.MAX_VALUE,
                    i < impostor.length ? impostor[i] : Double.MAX_VALUE);
            double fnmr = (double) g / genuine.length;
            double fmr = (double) (impostor.length - i) / impostor.length;
            if (Math.abs(fnmr - fmr) < bestGap) {
                bestGap = Math.abs(fnmr - fmr);
                best = new Eer((fnmr + fmr) / 2, t);
            }
            while (g < genuine.length && genuine[g] == t) {
                g++;
            }
            while (i < impostor.length && impostor[i] == t) {
                i++;
            }
        }
        return best;
    }

    /** Nearest-rank percentile of the genuine scores. */
    double genuinePercentile(double p) {
        return percentile(genuine, p);
    }

    double impostorPercentile(double p) {
        return percentile(impostor, p);
    }

    static double percentile(double[] sorted, double p) {
        int i = (int) Math.round(p / 100 * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Number of values below {@code t} in a sorted array (binary search; NaN-free input). */
    static int countBelow(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
