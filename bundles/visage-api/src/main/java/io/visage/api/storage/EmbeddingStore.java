package io.visage.api.storage;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What re-embedding needs from storage: each tenant's active embedding model, the saved images still
 * lacking a template of a target model, and a way to add such templates (beside the old ones, which stay
 * so that removing the new model falls back without work).
 */
@ProviderType
public interface EmbeddingStore {

    /** The tenant's active model as {@code name:version}. */
    Optional<String> activeModel(long tenantId);

    void setActiveModel(long tenantId, String modelName, String modelVersion);

    /** Tenants that have at least one gallery user. */
    List<Long> tenantsWithUsers();

    /** Up to {@code limit} saved images of the tenant without a template of the model, oldest first. */
    List<FaceToEmbed> missing(long tenantId, String modelName, String modelVersion, int limit);

    int countMissing(long tenantId, String modelName, String modelVersion);

    /**
     * Adds a template for the image of an existing face (same user, same image) and returns the stored row as
     * storage now holds it (its id, its user's current reference), which the caller's index update is made from.
     * When the image already has a template of the model, that one is returned and nothing is added; when the
     * face is gone (its user deleted meanwhile), a {@link StorageException} is thrown and nothing is added.
     */
    StoredFace addTemplate(long tenantId, FaceToEmbed face, String modelName, String modelVersion, float[] vector);

    /** Users with no template of the model and no saved image to make one from: they must re-enrol. */
    List<String> usersWithoutTemplate(long tenantId, String modelName, String modelVersion);

    /** Distinct models of the tenant's templates, most templates first. */
    List<String> modelsInUse(long tenantId);

    GalleryStats stats(long tenantId);
}
