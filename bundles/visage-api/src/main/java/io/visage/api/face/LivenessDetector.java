package io.visage.api.face;

import org.osgi.annotation.versioning.ProviderType;

/** Passive (single-image) liveness. */
@ProviderType
public interface LivenessDetector {

    /**
     * @param image the upright image
     * @param face  the face to judge, as found by the detector
     * @throws FaceException {@link FaceError#STAGE_UNAVAILABLE} when no model is available right now
     */
    LivenessResult check(FaceImage image, DetectedFace face);
}
