package io.visage.index.exact.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.Test;

import io.visage.api.index.UserMatch;

public class Int8SketchTest {

    private static final int DIM = 512;

    @Test
    public void theVectorApiPathIsTakenWhereTheBuildPromisesIt() {
        if (Boolean.getBoolean("visage.test.expectVectorApi")) {
            assertTrue("surefire adds jdk.incubator.vector: the int8 sketch must be on", Int8Sketch.ENABLED);
        }
    }

    @Test
    public void theBoundIsNeverBelowTheFloatScoreAndStaysTight() {
        Random random = new Random(7);
        float[][] rows = clustered(random, 2_000, 40);
        rows[5] = scaled(rows[5], 3.5f); // not a unit vector
        rows[6] = new float[DIM]; // all zero
        byte[] codes = new byte[rows.length * DIM];
        float[] meta = new float[rows.length * Int8Sketch.META];
        float[] flat = new float[rows.length * DIM];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * DIM, DIM);
            Int8Sketch.encode(rows[r], 0, DIM, codes, r * DIM, meta, r * Int8Sketch.META);
        }
        double widest = 0;
        for (int q = 0; q < 50; q++) {
            float[] query = q % 2 == 0 ? noisy(random, rows[random.nextInt(rows.length)], 0.3) : unit(random);
            Int8Sketch.Query sketch = new Int8Sketch.Query(query);
            for (int r = 0; r < rows.length; r++) {
                float exact = Segment.dot(query, flat, r * DIM, DIM);
                float bound = sketch.upperBound(codes, meta, r, DIM);
                assertTrue("row " + r + ": bound " + bound + " below score " + exact, bound >= exact);
                if (r != 5) {
                    widest = Math.max(widest, bound - exact);
                }
            }
        }
        // Loose enough to be safe, tight enough to skip: strangers score about 0 ± 0.044 at 512-d.
        assertTrue("bound too loose: " + widest, widest < 0.06);
    }

    /**
     * The bound is Cauchy–Schwarz's: tight only for a query along a row's rounding error, so random queries
     * alone would not notice a bound too small. These queries point exactly there (mixed with the row).
     */
    @Test
    public void theBoundHoldsForQueriesAlongARowsRoundingError() {
        Random random = new Random(3);
        for (int r = 0; r < 200; r++) {
            float[] row = unit(random);
            byte[] codes = new byte[DIM];
            float[] meta = new float[Int8Sketch.META];
            Int8Sketch.encode(row, 0, DIM, codes, 0, meta, 0);
            float[] error = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                error[i] = row[i] - codes[i] * meta[0];
            }
            float[] errorDirection = normalise(error);
            for (double mix : new double[] {0, 0.05, 0.2}) {
                float[] query = new float[DIM];
                for (int i = 0; i < DIM; i++) {
                    query[i] = (float) (errorDirection[i] + mix * row[i]);
                }
                query = normalise(query);
                float exact = Segment.dot(query, row, 0, DIM);
                float bound = new Int8Sketch.Query(query).upperBound(codes, meta, 0, DIM);
                assertTrue("row " + r + ", mix " + mix + ": bound " + bound + " below score " + exact, bound >= exact);
            }
        }
    }

    @Test
    public void searchesGiveTheFloatScansResultsAndScores() {
        Random random = new Random(11);
        float[][] rows = clustered(random, 20_000, 3_000); // above PARALLEL_MIN_ROWS: split searches too
        Segment.Editor sketched = Segment.empty("m", DIM, true).edit();
        Segment.Editor plain = Segment.empty("m", DIM, false).edit();
        for (int r = 0; r < rows.length; r++) {
            int user = r % 7_000; // several templates per user
            sketched.append(user, "user-" + user, r, rows[r]);
            plain.append(user, "user-" + user, r, rows[r]);
        }
        for (int r = 0; r < 500; r++) { // removals move rows (and their sketches) into the holes
            int row = random.nextInt(sketched.size());
            sketched.remove(row);
            plain.remove(row);
        }
        Segment withSketch = sketched.publish();
        Segment floatOnly = plain.publish();
        long[] someUsers = new long[(7_000 + 63) / 64];
        for (int user = 0; user < 7_000; user += 3) {
            someUsers[user >>> 6] |= 1L << user;
        }
        for (int q = 0; q < 200; q++) {
            float[] query = q % 4 == 3 ? unit(random) : noisy(random, rows[random.nextInt(rows.length)], 0.25);
            int topN = 1 + q % 10;
            long[] allowed = q % 5 == 0 ? someUsers : null;
            for (int parts : new int[] {1, 2}) {
                TopUsers expected = new TopUsers(topN);
                floatOnly.search(query, allowed, expected, parts);
                TopUsers actual = new TopUsers(topN);
                withSketch.search(query, allowed, actual, parts);
                assertSame(expected.ranked(), actual.ranked());
            }
        }
    }

    private static void assertSame(List<UserMatch> expected, List<UserMatch> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).userReference(), actual.get(i).userReference());
            assertEquals(expected.get(i).templateId(), actual.get(i).templateId());
            assertEquals(Float.floatToIntBits(expected.get(i).score()), Float.floatToIntBits(actual.get(i).score()));
        }
    }

    /** Identities with several noisy samples each, as real templates are. */
    private static float[][] clustered(Random random, int rows, int identities) {
        float[][] centres = new float[identities][];
        for (int i = 0; i < identities; i++) {
            centres[i] = unit(random);
        }
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = noisy(random, centres[random.nextInt(identities)], 0.6);
        }
        return out;
    }

    private static float[] noisy(Random random, float[] centre, double noise) {
        float[] v = new float[DIM];
        double sigma = noise / Math.sqrt(DIM);
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (centre[i] + sigma * random.nextGaussian());
        }
        return normalise(v);
    }

    private static float[] unit(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    private static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return scaled(v, (float) (1 / Math.sqrt(sum)));
    }

    private static float[] scaled(float[] v, float factor) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }
}
