package io.visage.benchmarks;

import java.util.Random;
import java.util.stream.Stream;

import io.visage.api.index.IndexEntry;

/**
 * Reproducible 512-d galleries for comparing index backends, regenerated from a seed instead of held.
 * {@code random}: one random unit vector per user (the worst case for a graph index: all points almost
 * equally far apart). {@code clustered}: identities of {@value #SAMPLES} noisy samples each, the samples at
 * cosine ~0.7 to their identity's centre (~0.5 to each other, as genuine face pairs score); probes are fresh
 * samples of enrolled identities. {@code structured}: like {@code clustered}, but identity centres and sample noise
 * are drawn with a power-law spectrum (variance of the i-th principal direction ∝ 1/i, randomly rotated by a
 * sign-flipped Hadamard transform), so most of the spread lies in a few dozen directions, as in learned
 * embeddings, instead of spreading evenly over all 512 (an assumption about real templates, not a measure).
 */
final class SyntheticGallery {

    static final int SAMPLES = 4;

    private final String kind;
    private final int templates;
    private final int dimension;
    /** {@code structured}: standard deviation along each principal direction, sum of squares = dimension. */
    private final double[] spread;

    SyntheticGallery(String kind, int templates, int dimension) {
        if (!kind.equals("random") && !kind.equals("clustered") && !kind.equals("structured")) {
            throw new IllegalArgumentException("dataset must be random, clustered or structured: " + kind);
        }
        this.kind = kind;
        this.templates = templates;
        this.dimension = dimension;
        this.spread = new double[dimension];
        double total = 0;
        for (int j = 1; j <= dimension; j++) {
            total += 1.0 / j;
        }
        for (int i = 0; i < dimension; i++) {
            spread[i] = Math.sqrt(dimension / (total * (i + 1)));
        }
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

    private boolean structured() {
        return kind.equals("structured");
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
        Random random = new Random(1_000_003L * identity + 17);
        if (!structured()) {
            return Galleries.unit(random, new float[dimension]);
        }
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (random.nextGaussian() * spectrum(i));
        }
        return unitInPlace(rotate(v));
    }

    /** Standard deviation along the i-th principal direction of a structured set, normalised to unit total. */
    private double spectrum(int i) {
        return spread[i];
    }

    /** A fixed random rotation: random signs, then an orthonormal fast Walsh-Hadamard transform. */
    private float[] rotate(float[] v) {
        if (Integer.bitCount(v.length) != 1) {
            throw new IllegalArgumentException("structured needs a power-of-two dimension: " + v.length);
        }
        Random signs = new Random(99);
        for (int i = 0; i < v.length; i++) {
            if (signs.nextBoolean()) {
                v[i] = -v[i];
            }
        }
        for (int h = 1; h < v.length; h *= 2) {
            for (int i = 0; i < v.length; i += 2 * h) {
                for (int j = i; j < i + h; j++) {
                    float a = v[j];
                    float b = v[j + h];
                    v[j] = a + b;
                    v[j + h] = a - b;
                }
            }
        }
        return v; // the caller normalises
    }

    private static float[] unitInPlace(float[] v) {
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private float[] noisy(Random random, float[] centre) {
        float[] v = new float[centre.length];
        double sigma = 1.0 / Math.sqrt(centre.length);
        if (structured()) {
            float[] noise = new float[centre.length];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (random.nextGaussian() * sigma * spectrum(i));
            }
            rotate(noise);
            float scale = (float) (1 / Math.sqrt(centre.length)); // the transform scales by sqrt(d)
            for (int i = 0; i < v.length; i++) {
                v[i] = centre[i] + noise[i] * scale;
            }
            return unitInPlace(v);
        }
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
