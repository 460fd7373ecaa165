package io.visage.api.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import io.visage.api.face.CaptureChecker;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceAligner;
import io.visage.api.face.FaceDetector;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarker;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.ImageDecoder;
import io.visage.api.face.LivenessDetector;
import io.visage.api.face.LivenessResult;
import io.visage.api.quality.QualityAssessor;
import io.visage.api.quality.QualityMeasures;

/**
 * The face pipeline's steps over its {@link Stages}: the one flow that production and the measuring tools run. A
 * stage that is missing fails the step that needs it with {@link FaceError#STAGE_UNAVAILABLE}; each step reads a
 * stage once, so a step that started on one implementation finishes on it.
 */
public final class FaceFlow {

    /** The crop of embedding models whose metadata name none. */
    public static final String DEFAULT_CROP = FaceAligner.CROP_ARCFACE_112;

    /** The stage services the flow runs on; any of them may be absent (null) for a while. */
    @ConsumerType
    public interface Stages {
        ImageDecoder decoder();

        FaceDetector detector();

        CaptureChecker captureChecker();

        FaceLandmarker landmarker();

        /** The aligner whose {@link FaceAligner#CROP} is {@code crop}, or null. */
        FaceAligner aligner(String crop);

        /** The crop the embedding model {@code name:version} needs ({@link FaceAligner#MODEL_CROP}). */
        String crop(String modelKey);

        FaceEmbedder embedder();

        LivenessDetector liveness();

        QualityAssessor quality();
    }

    /** Where the most relevant face of an image stands: every face found, the one chosen, its capture state. */
    public record Located(List<DetectedFace> faces, Optional<DetectedFace> face, CaptureState state) {
        public Located {
            faces = List.copyOf(faces);
        }

        /** The face when the capture is adequate; otherwise the capture state's error (no face included). */
        public DetectedFace adequateFace() {
            if (!state.adequate()) {
                throw new FaceException(state.error(), "capture state " + state.code());
            }
            return face.orElseThrow();
        }

        /** The face without capture checks (document photos); {@link FaceError#NO_FACE} without one. */
        public DetectedFace anyFace() {
            return face.orElseThrow(() -> new FaceException(FaceError.NO_FACE, "no face"));
        }
    }

    private final Stages stages;

    public FaceFlow(Stages stages) {
        this.stages = Objects.requireNonNull(stages, "stages");
    }

    private static <T> T available(T stage, String name) {
        if (stage == null) {
            throw new FaceException(FaceError.STAGE_UNAVAILABLE, "no " + name + " service is running");
        }
        return stage;
    }

    /** @return an image the caller closes */
    public FaceImage decode(byte[] encoded) {
        return available(stages.decoder(), "image decoder").decode(encoded);
    }

    /** Detects, chooses the most relevant face ({@link DetectedFace#mostRelevant}) and checks its capture. */
    public Located locate(FaceImage image) {
        List<DetectedFace> faces = available(stages.detector(), "face detector").detect(image);
        Optional<DetectedFace> face = DetectedFace.mostRelevant(faces, image.width(), image.height());
        CaptureState state = available(stages.captureChecker(), "capture checker")
                .assess(image.width(), image.height(), face.orElse(null));
        return new Located(faces, face, state);
    }

    /** The most relevant face, refused unless its capture is adequate. */
    public DetectedFace requireAdequateFace(FaceImage image) {
        return locate(image).adequateFace();
    }

    /** The most relevant face without capture checks (document photos). */
    public DetectedFace requireFace(FaceImage image) {
        return locate(image).anyFace();
    }

    public FaceLandmarks landmarks(FaceImage image, DetectedFace face) {
        return available(stages.landmarker(), "landmark detector").locate(image, face);
    }

    public LivenessResult liveness(FaceImage image, DetectedFace face) {
        return available(stages.liveness(), "liveness detector").check(image, face);
    }

    /** ISO/IEC 29794-5 measures of the face. */
    public QualityMeasures quality(FaceImage image, DetectedFace face, List<DetectedFace> allFaces) {
        return quality(image, face, landmarks(image, face), allFaces);
    }

    /** The same with the face's landmarks already located (a caller that also embeds the face locates them once). */
    public QualityMeasures quality(FaceImage image, DetectedFace face, FaceLandmarks landmarks,
            List<DetectedFace> allFaces) {
        QualityAssessor assessor = available(stages.quality(), "quality assessor");
        return assessor.assess(image, face, landmarks, allFaces);
    }

    /** With the embedder's preferred model. */
    public FaceTemplate template(FaceImage image, DetectedFace face) {
        return template(image, face, null);
    }

    /**
     * With the embedding model {@code name:version}; null means the preferred one. The face is aligned to the crop
     * that model needs, by the aligner making that crop.
     */
    public FaceTemplate template(FaceImage image, DetectedFace face, String modelKey) {
        return template(image, face, null, modelKey);
    }

    /**
     * The same with the face's landmarks already located ({@link #landmarks}); null locates them here.
     */
    public FaceTemplate template(FaceImage image, DetectedFace face, FaceLandmarks landmarks, String modelKey) {
        FaceEmbedder embedder = available(stages.embedder(), "face embedder");
        String model = modelKey;
        if (model == null) {
            List<String> models = embedder.modelKeys();
            if (models.isEmpty()) {
                throw new FaceException(FaceError.STAGE_UNAVAILABLE, "no face embedding model");
            }
            model = models.get(0);
        }
        String crop = stages.crop(model);
        FaceAligner aligner = available(stages.aligner(crop == null ? DEFAULT_CROP : crop),
                "face aligner for crop " + crop);
        FaceLandmarks points = landmarks != null ? landmarks : landmarks(image, face);
        try (FaceImage aligned = aligner.align(image, points)) {
            return embedder.embed(aligned, model);
        }
    }

    /** The embedding models available now, preferred first. */
    public List<String> embeddingModels() {
        FaceEmbedder embedder = stages.embedder();
        return embedder == null ? List.of() : embedder.modelKeys();
    }

    /** A flow over fixed stage instances, as the measuring tools assemble it. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fixed stages; those not given are missing. */
    public static final class Builder {
        private ImageDecoder decoder;
        private FaceDetector detector;
        private CaptureChecker captureChecker;
        private FaceLandmarker landmarker;
        private final Map<String, FaceAligner> aligners = new HashMap<>();
        private final Map<String, String> crops = new HashMap<>();
        private FaceEmbedder embedder;
        private LivenessDetector liveness;
        private QualityAssessor quality;

        private Builder() {
        }

        public Builder decoder(ImageDecoder decoder) {
            this.decoder = decoder;
            return this;
        }

        public Builder detector(FaceDetector detector) {
            this.detector = detector;
            return this;
        }

        public Builder captureChecker(CaptureChecker captureChecker) {
            this.captureChecker = captureChecker;
            return this;
        }

        public Builder landmarker(FaceLandmarker landmarker) {
            this.landmarker = landmarker;
            return this;
        }

        /** An aligner making {@code crop} (its {@link FaceAligner#CROP} service property in production). */
        public Builder aligner(String crop, FaceAligner aligner) {
            aligners.put(crop, aligner);
            return this;
        }

        /** The crop embedding model {@code name:version} needs (its {@link FaceAligner#MODEL_CROP}). */
        public Builder modelCrop(String modelKey, String crop) {
            crops.put(modelKey, crop);
            return this;
        }

        public Builder embedder(FaceEmbedder embedder) {
            this.embedder = embedder;
            return this;
        }

        public Builder liveness(LivenessDetector liveness) {
            this.liveness = liveness;
            return this;
        }

        public Builder quality(QualityAssessor quality) {
            this.quality = quality;
            return this;
        }

        public FaceFlow build() {
            Map<String, FaceAligner> alignersByCrop = Map.copyOf(aligners);
            Map<String, String> cropsByModel = Map.copyOf(crops);
            ImageDecoder d = decoder;
            FaceDetector det = detector;
            CaptureChecker c = captureChecker;
            FaceLandmarker l = landmarker;
            FaceEmbedder e = embedder;
            LivenessDetector live = liveness;
            QualityAssessor q = quality;
            return new FaceFlow(new Stages() {
                @Override
                public ImageDecoder decoder() {
                    return d;
                }

                @Override
                public FaceDetector detector() {
                    return det;
                }

                @Override
                public CaptureChecker captureChecker() {
                    return c;
                }

                @Override
                public FaceLandmarker landmarker() {
                    return l;
                }

                @Override
                public FaceAligner aligner(String crop) {
                    return alignersByCrop.get(crop);
                }

                @Override
                public String crop(String modelKey) {
                    return cropsByModel.getOrDefault(modelKey, DEFAULT_CROP);
                }

                @Override
                public FaceEmbedder embedder() {
                    return e;
                }

                @Override
                public LivenessDetector liveness() {
                    return live;
                }

                @Override
                public QualityAssessor quality() {
                    return q;
                }
            });
        }
    }
}
