package io.visage.api.face;

import java.util.Arrays;
import java.util.Objects;

/**
 * A biometric template: an L2-normalised embedding and the model that produced it. Templates of different
 * models are never compared.
 */
public record FaceTemplate(float[] vector, String modelName, String modelVersion) {

    public FaceTemplate {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        vector = vector.clone();
    }

    /** A copy of the vector. */
    @Override
    public float[] vector() {
        return vector.clone();
    }

    public int dimension() {
        return vector.length;
    }

    public boolean sameModel(FaceTemplate other) {
        return modelName.equals(other.modelName) && modelVersion.equals(other.modelVersion);
    }

    /**
     * Cosine similarity, -1..1 (the dot product of the normalised vectors).
     *
     * @throws IllegalArgumentException when the templates come from different models or dimensions
     */
    public double similarity(FaceTemplate other) {
        if (!sameModel(other) || other.vector.length != vector.length) {
            throw new IllegalArgumentException("templates of different models: " + modelName + ":" + modelVersion
                    + " vs " + other.modelName + ":" + other.modelVersion);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < vector.length; i++) {
            dot += vector[i] * other.vector[i];
            na += vector[i] * vector[i];
            nb += other.vector[i] * other.vector[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceTemplate t && sameModel(t) && Arrays.equals(vector, t.vector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelName, modelVersion, Arrays.hashCode(vector));
    }

    @Override
    public String toString() {
        return "FaceTemplate[" + modelName + ":" + modelVersion + ", dim=" + vector.length + "]";
    }
}
