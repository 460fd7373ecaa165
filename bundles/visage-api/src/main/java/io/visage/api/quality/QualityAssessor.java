package io.visage.api.quality;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;

/**
 * Measures the quality of one face in an image after ISO/IEC 29794-5 (as implemented by BSI's OFIQ where the
 * available models allow). A better assessor replaces an implementation by registering with a higher
 * {@code service.ranking}.
 */
@ProviderType
public interface QualityAssessor {

    /**
     * @param image     the decoded image; not closed here
     * @param face      the face to assess
     * @param landmarks that face's landmarks
     * @param allFaces  every face the detector found in the image (may include {@code face}); used for
     *                  {@link QualityMeasure#SINGLE_FACE_PRESENT}
     * @throws io.visage.api.face.FaceException {@link io.visage.api.face.FaceError#STAGE_UNAVAILABLE} when a
     *                                          model the assessor needs is not available right now
     */
    QualityMeasures assess(FaceImage image, DetectedFace face, FaceLandmarks landmarks, List<DetectedFace> allFaces);
}
