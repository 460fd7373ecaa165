package io.visage.api.face;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Finds faces in an image. */
@ProviderType
public interface FaceDetector {

    /**
     * @return the faces found, highest score first; empty when there is none
     * @throws FaceException {@link FaceError#STAGE_UNAVAILABLE} when the detector has no model right now
     */
    List<DetectedFace> detect(FaceImage image);
}
