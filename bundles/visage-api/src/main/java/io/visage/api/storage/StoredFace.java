package io.visage.api.storage;

import java.util.Optional;

import io.visage.api.index.IndexEntry;

/** A stored face as the index needs it, and where its image is (if saved). */
public record StoredFace(long faceId, long tenantId, String userReference, String modelName, String modelVersion,
        float[] vector, Optional<String> imageKey) {

    /** This face as the template index holds it (its id is the template's id). */
    public IndexEntry indexEntry() {
        return new IndexEntry(tenantId, userReference, faceId, IndexEntry.modelKey(modelName, modelVersion), vector);
    }
}
