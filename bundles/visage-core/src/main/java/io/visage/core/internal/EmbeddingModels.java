package io.visage.core.internal;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.face.FaceAligner;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;

/**
 * What the use cases need to know of each embedding model from its metadata: its calibrated decision
 * thresholds ({@code fmr1e-2} … {@code fmr1e-6}, measured on a large impostor set; scores of different models
 * live on different scales, ACCURACY.md, so the default saffe_grade follows the model of the templates compared)
 * and the crop its input needs ({@link FaceAligner#MODEL_CROP}, matched to a {@link FaceAligner#CROP}).
 *
 * <p>The default saffe_grade is the model's threshold at the false match rate {@value #GRADE_FMR} of
 * {@code io.visage.core.matching} names (default {@value #DEFAULT_FMR}); a model without a threshold at that
 * rate falls back to its {@value #DEFAULT_FMR} one.
 */
@Component(service = EmbeddingModels.class, configurationPid = DefaultGalleryService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class EmbeddingModels {
    /** Configuration property: the false match rate the default saffe_grade is set at, e.g. {@code 1e-4}. */
    static final String GRADE_FMR = "gradeFmr";
    static final String DEFAULT_FMR = "1e-3";
    static final String THRESHOLD = "fmr" + DEFAULT_FMR;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingModels.class);
    /** The ArcFace 112x112 similarity alignment, for models whose metadata name no crop. */
    static final String DEFAULT_CROP = FaceAligner.CROP_ARCFACE_112;

    private final Map<String, Map<String, Double>> thresholds = new ConcurrentHashMap<>();
    private final Map<String, String> crops = new ConcurrentHashMap<>();
    private volatile String thresholdKey = THRESHOLD;

    public EmbeddingModels() {
    }

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        Object fmr = properties.get(GRADE_FMR);
        try {
            thresholdKey = fmr == null || fmr.toString().isBlank() ? THRESHOLD : thresholdKey(fmr.toString());
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; the default saffe_grade stays at FMR {}", e.getMessage(), DEFAULT_FMR);
            thresholdKey = THRESHOLD;
        }
    }

    /**
     * The metadata key of the threshold at a false match rate: {@code 1e-4}, {@code 0.0001} and {@code 1E-4}
     * all name {@code fmr1e-4}. Only powers of ten from 1e-1 to 1e-9.
     */
    static String thresholdKey(String fmr) {
        double rate;
        try {
            rate = Double.parseDouble(fmr.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(GRADE_FMR + " must be a false match rate such as 1e-3, not " + fmr);
        }
        long exponent = Math.round(-Math.log10(rate));
        if (!(rate > 0) || exponent < 1 || exponent > 9 || Math.abs(rate / Math.pow(10, -exponent) - 1) > 1e-6) {
            throw new IllegalArgumentException(GRADE_FMR + " must be a power of ten from 1e-1 to 1e-9, not " + fmr);
        }
        return String.format(Locale.ROOT, "fmr1e-%d", exponent);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + ModelService.KIND + "=" + ModelService.KIND_FACE_EMBEDDING + ")")
    void bindModel(ModelService model, Map<String, Object> properties) {
        ModelDescriptor descriptor = model.descriptor();
        thresholds.put(descriptor.id(), descriptor.thresholds());
        Object crop = properties.get(FaceAligner.MODEL_CROP);
        crops.put(descriptor.id(), crop == null ? DEFAULT_CROP : crop.toString());
    }

    void unbindModel(ModelService model) {
        // Keep what was learnt: templates of a removed model may still be matched until the fallback completes.
    }

    /**
     * The configured grade when positive, else the model's calibrated one at the configured false match rate
     * (at {@value #DEFAULT_FMR} when the model has none there), else {@code fallback}.
     */
    double grade(double configured, String modelKey, double fallback) {
        if (configured > 0) {
            return configured;
        }
        Map<String, Double> model = thresholds.getOrDefault(modelKey, Map.of());
        Double grade = model.get(thresholdKey);
        if (grade == null) {
            grade = model.get(THRESHOLD);
        }
        return grade == null ? fallback : grade;
    }

    /** The crop the model's input needs. */
    String crop(String modelKey) {
        return crops.getOrDefault(modelKey, DEFAULT_CROP);
    }
}
