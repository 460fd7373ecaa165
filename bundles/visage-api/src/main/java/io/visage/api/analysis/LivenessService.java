package io.visage.api.analysis;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.history.HistoryQuery;
import io.visage.api.tenant.ApiUser;

/** Passive liveness detection on one or two selfies of a capture, and its history. */
@ProviderType
public interface LivenessService {

    /**
     * Enforces the capture checks (415 with the seed's messages), then judges liveness. When a second image
     * is given, both must be live: the result is the one with the lower score. The transaction is stored.
     * A request whose image a capture check refuses (no face, too close, too far, not centred, wrong
     * orientation) is stored too, as a {@linkplain LivenessDetection#refused() refused} detection, before the
     * refusal is thrown.
     *
     * @throws io.visage.api.face.FaceException for image errors, no face, failed capture checks or an
     *     unavailable stage; only the capture refusals are stored
     */
    LivenessDetection detect(ApiUser tenant, byte[] image, Optional<byte[]> image2, boolean saveImage);

    /** Stored detections of the tenant, oldest first; {@link HistoryQuery#key()} is the detection key. */
    List<LivenessDetection> history(ApiUser tenant, HistoryQuery query);
}
