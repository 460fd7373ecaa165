package io.visage.evaluation;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class ErrorRatesTest {

    /** Ten impostors 0.0 .. 0.9, genuine 0.55 .. 1.0. */
    private static ErrorRates tenAndTen() {
        double[] impostor = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        double[] genuine = {0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0};
        return ErrorRates.of(genuine, impostor);
    }

    @Test
    public void thresholdAtFmrLiesJustAboveTheFirstImpostorTooMany() {
        ErrorRates r = tenAndTen();

        // FMR 0.2 of 10 impostors allows 2 (0.9, 0.8): the threshold sits just above 0.7.
        double t = r.thresholdAtFmr(0.2);
        assertEquals(Math.nextUp(0.7), t, 0);
        assertEquals(2, r.impostorsAccepted(t));
        assertEquals(0.2, r.fmr(t), 0);
        // FMR 0.1 allows 1; FMR 0.05 of 10 pairs allows none: just above the highest impostor.
        assertEquals(Math.nextUp(0.8), r.thresholdAtFmr(0.1), 0);
        assertEquals(0, r.impostorsAllowed(0.05));
        assertEquals(Math.nextUp(0.9), r.thresholdAtFmr(0.05), 0);
        assertEquals(0, r.fmr(r.thresholdAtFmr(0.05)), 0);
        // Genuine 0.55, 0.60, ..., 0.90 lie below nextUp(0.9): 8 of 10 rejected.
        assertEquals(0.8, r.fnmr(r.thresholdAtFmr(0.05)), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, r.thresholdAtFmr(1), 0);
    }

    @Test
    public void impostorsAllowedIsNotLostToRounding() {
        // 0.29 * 100 is 28.999999999999996 in doubles: a plain floor would allow one pair too few.
        ErrorRates r = ErrorRates.of(new double[] {1}, new double[100]);

        assertEquals(29, r.impostorsAllowed(0.29));
    }

    @Test
    public void eerIsWhereBothRatesMeet() {
        ErrorRates r = tenAndTen();

        // At 0.6: genuine below = 1 (0.55) -> FNMR 0.1; impostors >= 0.6 = 4 -> 0.4. At 0.7: FNMR 0.3, FMR 0.3.
        ErrorRates.Eer eer = r.eer();
        assertEquals(0.7, eer.threshold(), 1e-12);
        assertEquals(0.3, eer.rate(), 1e-12);
    }

    @Test
    public void separatedScoresHaveNoErrors() {
        ErrorRates r = ErrorRates.of(new double[] {0.8, 0.9}, new double[] {0.1, 0.2, 0.3});

        assertEquals(0, r.eer().rate(), 0);
        assertEquals(0.8, r.eer().threshold(), 0);
        assertEquals(0, r.fnmr(r.thresholdAtFmr(0.01)), 0);
    }

    @Test
    public void tiedScoresMoveTogether() {
        ErrorRates r = ErrorRates.of(new double[] {0.5, 0.5, 0.9}, new double[] {0.5, 0.1});

        assertEquals(2, r.impostorsAccepted(-1));
        assertEquals(1, r.impostorsAccepted(0.5));
        assertEquals(2 / 3.0, r.fnmr(0.6), 1e-12);
        assertEquals(0, r.fnmr(0.5), 0);
    }

    @Test
    public void countBelowIsStrict() {
        double[] sorted = {0.1, 0.2, 0.2, 0.3};

        assertEquals(0, ErrorRates.countBelow(sorted, 0.1));
        assertEquals(1, ErrorRates.countBelow(sorted, 0.2));
        assertEquals(3, ErrorRates.countBelow(sorted, 0.3));
        assertEquals(4, ErrorRates.countBelow(sorted, 0.31));
    }
}
