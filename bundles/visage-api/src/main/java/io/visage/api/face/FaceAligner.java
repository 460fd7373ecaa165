package io.visage.api.face;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Warps a face to the embedder's canonical crop: a least-squares similarity transform of the five points
 * onto the ArcFace 112x112 reference.
 */
@ProviderType
public interface FaceAligner {

    /** @return a new 112x112 image that the caller closes */
    FaceImage align(FaceImage image, FaceLandmarks landmarks);
}
