package io.visage.evaluation.lfw;

import java.util.List;

/**
 * Which fold each pair belongs to for the 10-fold accuracy. View 2 lists its folds (the sets); View 1 has
 * one set, so its genuine and its impostor pairs are each cut into equal runs in file order: every fold
 * then holds as many genuine as impostor pairs, and a person's pairs (listed together) mostly stay in one.
 */
public final class Folds {

    private Folds() {
    }

    /** The fold of every pair, 0..folds-1, in the order of {@code pairs}. */
    public static int[] of(List<LfwPair> pairs, int folds) {
        if (folds < 2) {
            throw new IllegalArgumentException("at least two folds are needed, got " + folds);
        }
        int sets = pairs.stream().mapToInt(LfwPair::set).max().orElse(-1) + 1;
        int[] fold = new int[pairs.size()];
        if (sets == folds) {
            for (int i = 0; i < fold.length; i++) {
                fold[i] = pairs.get(i).set();
            }
            return fold;
        }
        if (sets != 1) {
            throw new IllegalArgumentException("the file has " + sets + " sets; cannot make " + folds + " folds");
        }
        long genuine = pairs.stream().filter(LfwPair::genuine).count();
        long impostor = pairs.size() - genuine;
        if (genuine < folds || impostor < folds) {
            throw new IllegalArgumentException(folds + " folds need at least as many genuine and impostor pairs");
        }
        int g = 0;
        int i = 0;
        for (int k = 0; k < fold.length; k++) {
            fold[k] = pairs.get(k).genuine() ? run(g++, genuine, folds) : run(i++, impostor, folds);
        }
        return fold;
    }

    /** Element {@code index} of {@code count}, cut into {@code folds} runs whose sizes differ by one at most. */
    private static int run(long index, long count, int folds) {
        return (int) (index * folds / count);
    }
}
