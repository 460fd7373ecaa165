package io.visage.api.face;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Face templates from aligned faces. An embedder may hold several versions of its model at once (while a
 * newer one is being rolled out, stored templates are re-embedded and tenants switch one by one), so a
 * caller can ask for a specific model; templates of different models are never compared.
 */
@ProviderType
public interface FaceEmbedder {

    /** With the preferred (highest-ranked) model. @throws FaceException STAGE_UNAVAILABLE without a model */
    FaceTemplate embed(FaceImage alignedFace);

    /**
     * With the named model ({@code name:version}).
     *
     * @throws FaceException {@link FaceError#STAGE_UNAVAILABLE} when that model is not available right now
     */
    FaceTemplate embed(FaceImage alignedFace, String modelKey);

    /** The models it can embed with now, as {@code name:version}, preferred first; empty without a model. */
    List<String> modelKeys();
}
