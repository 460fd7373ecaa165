package io.visage.api.face;

import org.osgi.annotation.versioning.ProviderType;

/** Locates facial landmarks inside a detected face. */
@ProviderType
public interface FaceLandmarker {

    /** @throws FaceException {@link FaceError#STAGE_UNAVAILABLE} when no model is available right now */
    FaceLandmarks locate(FaceImage image, DetectedFace face);
}
