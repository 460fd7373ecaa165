package io.visage.evaluation;

import java.util.Arrays;
import java.util.Comparator;

/**
 * LFW's verification accuracy: for each fold, the threshold that classifies the other folds best is applied
 * to the held-out fold; the report is the mean and the spread of the held-out accuracies.
 */
final class FoldAccuracy {

    /** One scored protocol pair. */
    record ScoredPair(int fold, boolean genuine, double score) {
    }

    /**
     * @param accuracies held-out accuracy per fold
     * @param thresholds the threshold chosen on the other folds, per fold
     */
    record Result(double[] accuracies, double[] thresholds) {

        double mean() {
            return Arrays.stream(accuracies).average().orElse(Double.NaN);
        }

        /** Sample standard deviation over the folds (n - 1), as LFW's results page defines it. */
        double std() {
            double m = mean();
            double ss = Arrays.stream(accuracies).map(a -> (a - m) * (a - m)).sum();
            return Math.sqrt(ss / (accuracies.length - 1));
        }

        /** Standard error of the mean, the "± S_E" LFW's results page quotes. */
        double standardError() {
            return std() / Math.sqrt(accuracies.length);
        }
    }

    private FoldAccuracy() {
    }

    static Result evaluate(ScoredPair[] pairs, int folds) {
        double[] accuracies = new double[folds];
        double[] thresholds = new double[folds];
        for (int f = 0; f < folds; f++) {
            int heldOut = f;
            ScoredPair[] training = Arrays.stream(pairs).filter(p -> p.fold() != heldOut).toArray(ScoredPair[]::new);
            ScoredPair[] test = Arrays.stream(pairs).filter(p -> p.fold() == heldOut).toArray(ScoredPair[]::new);
            if (training.length == 0 || test.length == 0) {
                throw new IllegalArgumentException("fold " + f + " is empty or holds every pair");
            }
            thresholds[f] = bestThreshold(training);
            accuracies[f] = accuracy(test, thresholds[f]);
        }
        return new Result(accuracies, thresholds);
    }

    /** Share of pairs classified right: genuine at or above the threshold, impostor below it. */
    static double accuracy(ScoredPair[] pairs, double threshold) {
        long right = Arrays.stream(pairs).filter(p -> p.genuine() == (p.score() >= threshold)).count();
        return (double) right / pairs.length;
    }

    /**
     * The threshold with the most pairs right, half-way between the two scores that bound the best range
     * (the lowest such range when several tie), so the choice does not sit on a training score.
     */
    static double bestThreshold(ScoredPair[] pairs) {
        ScoredPair[] byScore = pairs.clone();
        Arrays.sort(byScore, Comparator.comparingDouble(ScoredPair::score));
        // Below every score all pairs are accepted: the genuine ones are right.
        long right = Arrays.stream(pairs).filter(ScoredPair::genuine).count();
        long bestRight = right;
        double best = byScore[0].score() - 1e-6;
        int k = 0;
        while (k < byScore.length) {
            double s = byScore[k].score();
            while (k < byScore.length && byScore[k].score() == s) { // ties move across the threshold together
                right += byScore[k].genuine() ? -1 : 1;
                k++;
            }
            if (right > bestRight) {
                bestRight = right;
                best = k < byScore.length ? (s + byScore[k].score()) / 2 : s + 1e-6;
            }
        }
        return best;
    }
}
