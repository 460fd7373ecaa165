package io.visage.benchmarks;

import java.util.Random;

import io.visage.api.index.IndexEntry;
import io.visage.api.index.TemplateIndex;

/** Synthetic galleries: random unit vectors from a fixed seed, one template per user. */
final class Galleries {

    static final long TENANT = 1;
    static final String MODEL = "fr_feature:1";

    private Galleries() {
    }

    static void fill(TemplateIndex index, int templates, int dimension, long seed) {
        Random random = new Random(seed);
        float[] vector = new float[dimension];
        for (int i = 0; i < templates; i++) {
            unit(random, vector);
            index.add(new IndexEntry(TENANT, "user-" + i, i, MODEL, vector));
        }
    }

    static float[] unit(Random random, float[] into) {
        double norm = 0;
        for (int i = 0; i < into.length; i++) {
            into[i] = (float) random.nextGaussian();
            norm += into[i] * into[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < into.length; i++) {
            into[i] *= scale;
        }
        return into;
    }
}
