package io.visage.api.face;

import org.osgi.annotation.versioning.ProviderType;

/** Turns an aligned face (see {@link FaceAligner}) into a template. */
@ProviderType
public interface FaceEmbedder {

    /** @throws FaceException {@link FaceError#STAGE_UNAVAILABLE} when no model is available right now */
    FaceTemplate embed(FaceImage alignedFace);
}
