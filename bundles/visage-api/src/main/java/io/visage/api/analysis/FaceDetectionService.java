package io.visage.api.analysis;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.tenant.ApiUser;

/** Face detection with the capture checks, reported rather than enforced. */
@ProviderType
public interface FaceDetectionService {

    /**
     * @throws io.visage.api.face.FaceException for images that cannot be decoded or a stage that is unavailable
     */
    FaceDetectionReport detect(ApiUser tenant, byte[] image, boolean qualityMeasures);
}
