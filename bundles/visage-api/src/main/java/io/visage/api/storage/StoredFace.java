package io.visage.api.storage;

import java.util.Optional;

/** A stored face as the index needs it, and where its image is (if saved). */
public record StoredFace(long faceId, long tenantId, String userReference, String modelName, String modelVersion,
        float[] vector, Optional<String> imageKey) {
}
