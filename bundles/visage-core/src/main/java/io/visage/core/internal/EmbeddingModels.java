package io.visage.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.visage.api.face.FaceAligner;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;

/**
 * What the use cases need to know of each embedding model from its metadata: its calibrated decision
 * threshold ({@code fmr1e-3}; scores of different models live on different scales, ACCURACY.md, so the
 * default saffe_grade follows the model of the templates compared) and the crop its input needs
 * ({@link FaceAligner#MODEL_CROP}, matched to a {@link FaceAligner#CROP}).
 */
@Component(service = EmbeddingModels.class)
public final class EmbeddingModels {
    static final String THRESHOLD = "fmr1e-3";
    /** The ArcFace 112x112 similarity alignment, for models whose metadata name no crop. */
    static final String DEFAULT_CROP = FaceAligner.CROP_ARCFACE_112;

    private final Map<String, Double> grades = new ConcurrentHashMap<>();
    private final Map<String, String> crops = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + ModelService.KIND + "=" + ModelService.KIND_FACE_EMBEDDING + ")")
    void bindModel(ModelService model, Map<String, Object> properties) {
        ModelDescriptor descriptor = model.descriptor();
        if (descriptor.thresholds().containsKey(THRESHOLD)) {
            grades.put(descriptor.id(), descriptor.thresholds().get(THRESHOLD));
        }
        Object crop = properties.get(FaceAligner.MODEL_CROP);
        crops.put(descriptor.id(), crop == null ? DEFAULT_CROP : crop.toString());
    }

    void unbindModel(ModelService model) {
        // Keep what was learnt: templates of a removed model may still be matched until the fallback completes.
    }

    /** The configured grade when positive, else the model's calibrated one, else {@code fallback}. */
    double grade(double configured, String modelKey, double fallback) {
        return configured > 0 ? configured : grades.getOrDefault(modelKey, fallback);
    }

    /** The crop the model's input needs. */
    String crop(String modelKey) {
        return crops.getOrDefault(modelKey, DEFAULT_CROP);
    }
}
