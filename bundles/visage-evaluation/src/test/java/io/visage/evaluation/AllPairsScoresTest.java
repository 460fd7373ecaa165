package io.visage.evaluation;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class AllPairsScoresTest {

    @Test
    public void everyPairIsScoredOnceAndSortedByIdentity() {
        // Unit vectors at 0, 60 and 90 degrees, and one not normalised (length 2 along x).
        List<String> identities = List.of("ann", "ann", "bob", "cy", "bob");
        List<float[]> vectors = Arrays.asList(
                new float[] {1, 0}, new float[] {0.5f, (float) Math.sqrt(0.75)}, new float[] {0, 1}, null,
                new float[] {2, 0});

        AllPairsScores scores = AllPairsScores.score(identities, vectors, 2);

        // Images 0, 1, 2, 4 (3 has no face): ann-ann (0,1) and bob-bob (2,4) genuine; four cross pairs.
        double[] genuine = scores.genuine.clone();
        double[] impostor = scores.impostor.clone();
        Arrays.sort(genuine);
        Arrays.sort(impostor);
        assertArrayEquals(new double[] {0, 0.5}, genuine, 1e-6);
        assertArrayEquals(new double[] {0, 0.5, Math.sqrt(0.75), 1}, impostor, 1e-6);
        // The highest impostor pairs: (0,4) at 1 then (1,2) at sqrt(0.75); the lowest genuine (2,4) at 0.
        assertEquals(new AllPairsScores.IndexPair(0, 4, 1.0), round(scores.highestImpostors.get(0)));
        assertEquals(1, scores.highestImpostors.get(1).a());
        assertEquals(2, scores.highestImpostors.get(1).b());
        assertEquals(2, scores.highestImpostors.size());
        assertEquals(new AllPairsScores.IndexPair(2, 4, 0.0), round(scores.lowestGenuine.get(0)));
    }

    @Test
    public void dotProductCoversTheTailOfOddLengths() {
        float[] a = {1, 2, 3, 4, 5, 6, 7};
        assertEquals(140, AllPairsScores.dot(a, a), 0);
    }

    private static AllPairsScores.IndexPair round(AllPairsScores.IndexPair p) {
        return new AllPairsScores.IndexPair(p.a(), p.b(), Math.round(p.score() * 1e6) / 1e6);
    }
}
