package io.visage.evaluation;

import java.util.function.Function;

import io.visage.api.face.FaceTemplate;
import io.visage.api.model.ModelDescriptor;

/** The embedding models the evaluation measures side by side, and where each finds its template and metadata. */
enum EmbeddingModel {

    FR_FEATURE("fr_feature", "ArcFace 112x112 similarity alignment", Pipeline.Templates::frFeature,
            p -> p.frFeatureModel),
    FACEAPI_RESNET34("faceapi_resnet34", "dlib 150x150 5-point chip from the same landmarks", Pipeline.Templates::faceApi,
            p -> p.faceApiModel);

    /** The metadata key of the calibrated default saffe_grade (as EmbeddingModels in visage-core reads it). */
    static final String DEFAULT_GRADE = "fmr1e-3";

    final String label;
    final String crop;
    private final Function<Pipeline.Templates, FaceTemplate> template;
    private final Function<Pipeline, ModelDescriptor> descriptor;

    EmbeddingModel(String label, String crop, Function<Pipeline.Templates, FaceTemplate> template,
                   Function<Pipeline, ModelDescriptor> descriptor) {
        this.label = label;
        this.crop = crop;
        this.template = template;
        this.descriptor = descriptor;
    }

    /** The model's template of an embedded image, or null when the image has no face. */
    FaceTemplate template(Pipeline.Embedded embedded) {
        return embedded == null || embedded.templates() == null ? null : template.apply(embedded.templates());
    }

    /** The saffe_grade the platform uses by default for this model's templates. */
    double defaultGrade(Pipeline pipeline) {
        return descriptor.apply(pipeline).threshold(DEFAULT_GRADE, Double.NaN);
    }
}
