package io.visage.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code real}: like {@code clustered}, with identity centres and sample noise drawn from the covariances of real
 * templates (file named by system property {@value #REAL_TEMPLATES}: one line per face image, its identity, a tab,
 * its unit template's values separated by blanks; {@code LfwFusion --dump} writes LFW View 1's fr_feature
 * templates). A centre is the real identities' mean plus a Gaussian mix of {@value #MIX} real identity-mean
 * deviations, a sample its centre plus a mix of {@value #MIX} real within-identity residuals: by the central limit
 * theorem both follow the real between- and within-identity covariances. The file is read, never copied; it
 * holds biometric data and stays out of the repository.
 */
final class SyntheticGallery {

    static final int SAMPLES = 4;
    static final String REAL_TEMPLATES = "visage.benchmarks.realTemplates";
    private static final int MIX = 32;

    private final String kind;
    private final int templates;
    private final int dimension;
    /** {@code structured}: standard deviation along each principal direction, sum of squares = dimension. */
    private final double[] spread;
    /** {@code real}: the real identities' mean, their deviations from it, and within-identity residuals. */
    private float[] realMean;
    private float[][] realBetween;
    private float[][] realWithin;

    SyntheticGallery(String kind, int templates, int dimension) {
        if (!List.of("random", "clustered", "structured", "real").contains(kind)) {
            throw new IllegalArgumentException("dataset must be random, clustered, structured or real: " + kind);
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
        if (kind.equals("real")) {
            loadReal(Path.of(System.getProperty(REAL_TEMPLATES, "")));
        }
    }

    private void loadReal(Path file) {
        Map<String, List<float[]>> byIdentity = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    continue;
                }
                String[] values = line.substring(tab + 1).trim().split(" +");
                if (values.length != dimension) {
                    throw new IllegalArgumentException(file + ": templates of " + values.length + " values, not "
                            + dimension);
                }
                float[] v = new float[dimension];
                for (int i = 0; i < dimension; i++) {
                    v[i] = Float.parseFloat(values[i]);
                }
                byIdentity.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>()).add(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("real templates (-D" + REAL_TEMPLATES + "=FILE): " + file, e);
        }
        List<float[]> means = new ArrayList<>();
        List<float[]> residuals = new ArrayList<>();
        for (List<float[]> samples : byIdentity.values()) {
            float[] mean = new float[dimension];
            for (float[] v : samples) {
                for (int i = 0; i < dimension; i++) {
                    mean[i] += v[i] / samples.size();
                }
            }
            means.add(mean);
            if (samples.size() > 1) {
                // residuals of n samples around their own mean are shrunk by (n-1)/n: scale them back
                float unshrink = (float) Math.sqrt(samples.size() / (samples.size() - 1.0));
                for (float[] v : samples) {
                    float[] r = new float[dimension];
                    for (int i = 0; i < dimension; i++) {
                        r[i] = (v[i] - mean[i]) * unshrink;
                    }
                    residuals.add(r);
                }
            }
        }
        realMean = new float[dimension];
        for (float[] m : means) {
            for (int i = 0; i < dimension; i++) {
                realMean[i] += m[i] / means.size();
            }
        }
        realBetween = new float[means.size()][];
        for (int k = 0; k < means.size(); k++) {
            float[] d = means.get(k).clone();
            for (int i = 0; i < dimension; i++) {
                d[i] -= realMean[i];
            }
            realBetween[k] = d;
        }
        realWithin = residuals.toArray(new float[0][]);
        if (realWithin.length == 0) {
            throw new IllegalArgumentException(file + ": no identity with two or more templates");
        }
    }

    /** {@code base} plus a Gaussian mix of {@value #MIX} rows of {@code pool}, scaled to keep their covariance. */
    private static float[] mix(Random random, float[] base, float[][] pool) {
        float[] v = base.clone();
        double scale = 1 / Math.sqrt(MIX);
        for (int k = 0; k < MIX; k++) {
            float[] row = pool[random.nextInt(pool.length)];
            float g = (float) (random.nextGaussian() * scale);
            for (int i = 0; i < v.length; i++) {
                v[i] += g * row[i];
            }
        }
        return v;
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
        if (kind.equals("real")) {
            return mix(random, realMean, realBetween); // not normalised: the noise goes on first, as in real faces
        }
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
        if (kind.equals("real")) {
            return unitInPlace(mix(random, centre, realWithin));
        }
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
