package io.visage.evaluation;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

import io.visage.evaluation.FoldAccuracy.ScoredPair;

public class FoldAccuracyTest {

    private static ScoredPair g(int fold, double score) {
        return new ScoredPair(fold, true, score);
    }

    private static ScoredPair i(int fold, double score) {
        return new ScoredPair(fold, false, score);
    }

    @Test
    public void bestThresholdLiesHalfWayInTheGapThatSeparatesBest() {
        // Impostors 0.1, 0.2, 0.5; genuine 0.4, 0.6, 0.9: the best cut (5 of 6) is between 0.5 and 0.6
        // or between 0.2 and 0.4; the lower one comes first.
        ScoredPair[] pairs = {i(0, 0.1), i(0, 0.2), g(0, 0.4), i(0, 0.5), g(0, 0.6), g(0, 0.9)};

        assertEquals(0.3, FoldAccuracy.bestThreshold(pairs), 1e-12);
        assertEquals(5 / 6.0, FoldAccuracy.accuracy(pairs, 0.3), 1e-12);
        assertEquals(5 / 6.0, FoldAccuracy.accuracy(pairs, 0.55), 1e-12);
        assertEquals(4 / 6.0, FoldAccuracy.accuracy(pairs, 0.45), 1e-12);
    }

    @Test
    public void aScoreAtTheThresholdIsAccepted() {
        ScoredPair[] pairs = {g(0, 0.5), i(0, 0.5)};

        assertEquals(0.5, FoldAccuracy.accuracy(pairs, 0.5), 0);
        assertEquals(0.5, FoldAccuracy.accuracy(pairs, 0.6), 0);
    }

    @Test
    public void eachFoldIsJudgedAtTheThresholdOfTheOthers() {
        // Folds 1 and 2 separate at 0.5; fold 0 has a genuine pair at 0.45 that their threshold rejects.
        ScoredPair[] pairs = {
            g(0, 0.45), g(0, 0.8), i(0, 0.1), i(0, 0.2),
            g(1, 0.6), g(1, 0.7), i(1, 0.3), i(1, 0.38),
            g(2, 0.65), g(2, 0.9), i(2, 0.35), i(2, 0.3),
        };

        FoldAccuracy.Result result = FoldAccuracy.evaluate(pairs, 3);

        // Fold 0's threshold: folds 1+2 separate between 0.38 and 0.6 -> 0.49, which rejects fold 0's 0.45.
        // Folds 1 and 2: fold 0's low genuine pair narrows the gap to (0.35, 0.45) and (0.38, 0.45).
        assertArrayEquals(new double[] {0.49, 0.4, 0.415}, result.thresholds(), 1e-12);
        assertArrayEquals(new double[] {0.75, 1, 1}, result.accuracies(), 1e-12);
        assertEquals(11 / 12.0, result.mean(), 1e-12);
        // Sample deviation of 0.75, 1, 1: sqrt(((1/6)^2 + 2 (1/12)^2) / 2) = sqrt(1/48).
        assertEquals(Math.sqrt(1 / 48.0), result.std(), 1e-12);
        assertEquals(Math.sqrt(1 / 48.0) / Math.sqrt(3), result.standardError(), 1e-12);
    }
}
