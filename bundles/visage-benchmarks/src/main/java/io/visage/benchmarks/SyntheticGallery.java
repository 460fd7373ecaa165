package io.visage.benchmarks;

import java.util.Random;
import java.util.stream.Stream;

import io.visage.api.index.IndexEntry;

/**
 * Reproducible 512-d galleries for comparing index backends, regenerated from a seed instead of held.
 * {@code random}: one random unit vector per user (the worst case for a graph index: all points almost
 * equally far apart). {@code clustered}: identities of {@value #SAMPLES} noisy samples each, the samples at
 * cosine ~0.7 to their identity's centre (~0.5 to each other, as genuine face pairs score); probes are fresh
 * samples of enrolled identities.
 */
final class SyntheticGallery {

    static final int SAMPLES = 4;

    private final String kind;
    private final int templates;
    private final int dimension;

    SyntheticGallery(String kind, int templates, int dimension) {
        if (!kind.equals("random") && !kind.equals("clustered")) {
            throw new IllegalArgumentException("dataset must be random or clustered: " + kind);
        }
        this.kind = kind;
        this.templates = templates;
        this.dimension = dimension;
    }

    Stream<IndexEntry> entries() {
        Random random = new Random(42);
        if (kind.equals("random")) {
            return Stream.iterate(0, i -> i + 1).limit(templates).map(i -> new IndexEntry(Galleries.TENANT,
                    "user-" + i, i, Galleries.MODEL, Galleries.unit(random, new float[dimension])));
        }
        float[][] centre = new float[1][];
        return Stream.iterate(0, i -> i + 1).limit(templates).map(i -> {
            if (i % SAMPLES == 0) {
                centre[0] = centre(i / SAMPLES);
            }
            return new IndexEntry(Galleries.TENANT, "person-" + i / SAMPLES, i, Galleries.MODEL,
                    noisy(random, centre[0]));
        });
    }

    float[][] queries(int count) {
        Random random = new Random(7);
        float[][] queries = new float[count][];
        for (int q = 0; q < count; q++) {
            queries[q] = kind.equals("random")
                    ? Galleries.unit(random, new float[dimension])
                    : noisy(random, centre(random.nextInt(templates / SAMPLES)));
        }
        return queries;
    }

    /** An identity's centre depends on its number only, so probes can be drawn without the gallery. */
    private float[] centre(int identity) {
        return Galleries.unit(new Random(1_000_003L * identity + 17), new float[dimension]);
    }

    private static float[] noisy(Random random, float[] centre) {
        float[] v = new float[centre.length];
        double sigma = 1.0 / Math.sqrt(centre.length);
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = centre[i] + (float) (random.nextGaussian() * sigma);
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
