package io.visage.api.index;

import java.util.Objects;

/**
 * One template as the index sees it.
 *
 * <p>{@code vector} is expected to be L2-normalised; the index copies it when the entry is added and
 * does not keep the array, so a caller may reuse it afterwards. As with any record holding an array,
 * {@link #equals(Object)} compares the array by identity.
 *
 * @param tenantId      the API user owning the template
 * @param userReference the gallery user (case-sensitive)
 * @param templateId    unique within the tenant
 * @param modelKey      the embedding model that produced the vector, {@code "name:version"}
 * @param vector        the embedding
 */
public record IndexEntry(long tenantId, String userReference, long templateId, String modelKey, float[] vector) {

    public IndexEntry {
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(modelKey, "modelKey");
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0) {
            throw new IllegalArgumentException("empty vector");
        }
    }

    /** The model key used throughout the index API: {@code name + ":" + version}. */
    public static String modelKey(String modelName, String modelVersion) {
        return Objects.requireNonNull(modelName, "modelName") + ":" + Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
