package io.visage.evaluation.lfw;

import java.util.Locale;

/**
 * One pair of LFW's protocol: image {@code numberA} of {@code nameA} against image {@code numberB} of
 * {@code nameB}; the same name on both sides makes a genuine pair.
 *
 * @param set the set (View 2's fold) the pair is listed in, from 0; View 1's files have a single set
 */
public record LfwPair(int set, String nameA, int numberA, String nameB, int numberB) {

    public boolean genuine() {
        return nameA.equals(nameB);
    }

    /** The image of side A relative to the data folder, in the layout of {@code manifest.csv}. */
    public String fileA() {
        return file(nameA, numberA);
    }

    public String fileB() {
        return file(nameB, numberB);
    }

    /** LFW names image n of a person {@code <name>/<name>_000n.jpg}; our copy keeps them under {@code faces/}. */
    static String file(String name, int number) {
        return String.format(Locale.ROOT, "faces/%s/%s_%04d.jpg", name, name, number);
    }
}
