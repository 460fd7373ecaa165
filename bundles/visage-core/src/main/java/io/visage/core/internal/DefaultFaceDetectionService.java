package io.visage.core.internal;

import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.analysis.FaceDetectionReport;
import io.visage.api.analysis.FaceDetectionService;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.tenant.ApiUser;

/** Reports the most relevant face and its capture state; nothing is enforced or stored. */
@Component
public final class DefaultFaceDetectionService implements FaceDetectionService {
    private final FacePipeline pipeline;

    @Activate
    public DefaultFaceDetectionService(@Reference FacePipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public FaceDetectionReport detect(ApiUser tenant, byte[] image, boolean qualityMeasures) {
        try (FaceImage decoded = pipeline.decode(image)) {
            FacePipeline.Located located = pipeline.locate(decoded);
            Optional<Map<String, Double>> quality = qualityMeasures && located.face().isPresent()
                    ? Optional.of(pipeline.quality(decoded, located.face().get(), located.faces()))
                    : Optional.empty();
            return new FaceDetectionReport(located.state(), located.face().map(DetectedFace::box), quality);
        }
    }
}
