package io.visage.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.analysis.LivenessDetection;
import io.visage.api.analysis.LivenessService;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.LivenessResult;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.LivenessStore;
import io.visage.api.tenant.ApiUser;

/**
 * Stand-alone passive liveness: capture checks enforced, one or two images, every transaction stored, those
 * a capture check refused included (as refused detections).
 */
@Component
public final class DefaultLivenessService implements LivenessService {
    static final String LIVE = "Live person detected.";

    private final FacePipeline pipeline;
    private final LivenessStore store;

    @Activate
    public DefaultLivenessService(@Reference FacePipeline pipeline, @Reference LivenessStore store) {
        this.pipeline = pipeline;
        this.store = store;
    }

    @Override
    public LivenessDetection detect(ApiUser tenant, byte[] image, Optional<byte[]> image2, boolean saveImage) {
        List<byte[]> images = new ArrayList<>();
        if (saveImage) {
            images.add(image);
            image2.ifPresent(images::add);
        }
        LivenessResult result;
        try {
            result = check(image);
            if (image2.isPresent()) {
                result = LivenessResult.combine(result, check(image2.get()));
            }
        } catch (FaceException e) {
            // A capture refusal is a transaction like any other; unreadable uploads and missing stages are not.
            if (LivenessDetection.isCaptureRefusal(e.error())) {
                store.insert(tenant.id(), LivenessDetection.refused(TransactionKeys.next(), Instant.now(), e.error()),
                        images);
            }
            throw e;
        }
        LivenessDetection detection = new LivenessDetection(TransactionKeys.next(), Instant.now(),
                result.live() ? 200 : 403, result.live() ? LIVE : result.message(), result.score(), result.threshold());
        store.insert(tenant.id(), detection, images);
        return detection;
    }

    /** Enforces the capture checks, then judges the most relevant face. */
    private LivenessResult check(byte[] encoded) {
        try (FaceImage image = pipeline.decode(encoded)) {
            return pipeline.liveness(image, pipeline.requireAdequateFace(image));
        }
    }

    @Override
    public List<LivenessDetection> history(ApiUser tenant, HistoryQuery query) {
        return store.query(tenant.id(), query);
    }
}
