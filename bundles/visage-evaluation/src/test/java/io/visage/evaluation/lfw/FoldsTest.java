package io.visage.evaluation.lfw;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class FoldsTest {

    @Test
    public void viewOneIsCutIntoRunsWithAsManyGenuineAsImpostorPairsPerFold() {
        List<LfwPair> pairs = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            pairs.add(new LfwPair(0, "P" + k, 1, "P" + k, 2));
        }
        for (int k = 0; k < 5; k++) {
            pairs.add(new LfwPair(0, "P" + k, 1, "Q" + k, 1));
        }

        // 5 genuine into 2 folds: 0,0,0,1,1 (index * 2 / 5); the impostors alike.
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 0, 0, 0, 1, 1}, Folds.of(pairs, 2));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4}, Folds.of(pairs, 5));
    }

    @Test
    public void viewTwoKeepsItsListedSets() {
        List<LfwPair> pairs = List.of(new LfwPair(0, "A", 1, "A", 2), new LfwPair(0, "A", 1, "B", 1),
                new LfwPair(1, "C", 1, "C", 2), new LfwPair(1, "C", 1, "D", 1));

        assertArrayEquals(new int[] {0, 0, 1, 1}, Folds.of(pairs, 2));
        assertThrows(IllegalArgumentException.class, () -> Folds.of(pairs, 3));
    }

    @Test
    public void tooFewPairsForTheFoldsIsAnError() {
        List<LfwPair> pairs = List.of(new LfwPair(0, "A", 1, "A", 2), new LfwPair(0, "A", 1, "B", 1));

        assertThrows(IllegalArgumentException.class, () -> Folds.of(pairs, 2));
        assertThrows(IllegalArgumentException.class, () -> Folds.of(pairs, 1));
    }
}
