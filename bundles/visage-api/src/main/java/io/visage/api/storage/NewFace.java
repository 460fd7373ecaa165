package io.visage.api.storage;

import java.util.Optional;

/**
 * A face to store for a gallery user: its template and, when it is to be saved, the image it came from.
 */
public record NewFace(String modelName, String modelVersion, float[] vector, Optional<byte[]> image) {
    public NewFace {
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }
}
