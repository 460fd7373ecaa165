package io.visage.core.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.visage.api.face.CaptureChecker;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceAligner;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceDetector;
import io.visage.api.face.FaceLandmarker;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.ImageDecoder;
import io.visage.api.face.LivenessDetector;
import io.visage.api.face.LivenessResult;
import io.visage.api.pipeline.FaceFlow;
import io.visage.api.quality.QualityAssessor;

/**
 * The stages of the face pipeline as the use cases see them, run by the shared {@link FaceFlow} (the flow the
 * evaluation and the benchmarks assemble from the same stages). Every stage is a dynamic, greedy reference:
 * installing a better-ranked implementation switches the next request to it, and a stage that goes away
 * makes only the requests that need it fail (with a JSON error), not the whole platform. Each call reads a
 * reference once, so a request that started on one implementation finishes on it.
 */
@Component(service = FacePipeline.class)
public final class FacePipeline {

    /** Where the most relevant face of an image stands (the core's name for {@link FaceFlow.Located}). */
    record Located(List<DetectedFace> faces, Optional<DetectedFace> face, CaptureState state) {
        FaceFlow.Located flow() {
            return new FaceFlow.Located(faces, face, state);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageDecoder decoder;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FaceDetector detector;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CaptureChecker captureChecker;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FaceLandmarker landmarker;
    /** Aligners by the crop they make ({@code visage.crop}); each embedding model names the one it needs. */
    private final Map<String, FaceAligner> aligners = new ConcurrentHashMap<>();
    @Reference
    private volatile EmbeddingModels embeddingModels;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FaceEmbedder embedder;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LivenessDetector livenessDetector;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile QualityAssessor qualityAssessor;

    public FacePipeline() {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAligner(FaceAligner aligner, Map<String, Object> properties) {
        aligners.put(String.valueOf(properties.getOrDefault(FaceAligner.CROP, EmbeddingModels.DEFAULT_CROP)), aligner);
    }

    void unbindAligner(FaceAligner aligner, Map<String, Object> properties) {
        aligners.remove(String.valueOf(properties.getOrDefault(FaceAligner.CROP, EmbeddingModels.DEFAULT_CROP)), aligner);
    }

    /** For tests: a pipeline wired by hand. */
    FacePipeline(ImageDecoder decoder, FaceDetector detector, CaptureChecker captureChecker,
            FaceLandmarker landmarker, FaceAligner aligner, FaceEmbedder embedder, LivenessDetector liveness) {
        this.decoder = decoder;
        this.detector = detector;
        this.captureChecker = captureChecker;
        this.landmarker = landmarker;
        this.aligners.put(EmbeddingModels.DEFAULT_CROP, aligner);
        this.embedder = embedder;
        this.livenessDetector = liveness;
    }

    /** For tests: a quality assessor wired by hand (DS binds the field in production). */
    FacePipeline withQuality(QualityAssessor assessor) {
        this.qualityAssessor = assessor;
        return this;
    }

    /** The flow every caller of the pipeline runs, the same one the measuring tools assemble (FaceFlow). */
    private final FaceFlow flow = new FaceFlow(new FaceFlow.Stages() {
        @Override
        public ImageDecoder decoder() {
            return decoder;
        }

        @Override
        public FaceDetector detector() {
            return detector;
        }

        @Override
        public CaptureChecker captureChecker() {
            return captureChecker;
        }

        @Override
        public FaceLandmarker landmarker() {
            return landmarker;
        }

        @Override
        public FaceAligner aligner(String crop) {
            return aligners.get(crop);
        }

        @Override
        public String crop(String modelKey) {
            EmbeddingModels models = embeddingModels;
            return models == null ? EmbeddingModels.DEFAULT_CROP : models.crop(modelKey);
        }

        @Override
        public FaceEmbedder embedder() {
            return embedder;
        }

        @Override
        public LivenessDetector liveness() {
            return livenessDetector;
        }

        @Override
        public QualityAssessor quality() {
            return qualityAssessor;
        }
    });

    /** @return an image the caller closes */
    FaceImage decode(byte[] encoded) {
        return flow.decode(encoded);
    }

    Located locate(FaceImage image) {
        FaceFlow.Located located = flow.locate(image);
        return new Located(located.faces(), located.face(), located.state());
    }

    /** Locates the face and refuses, with the capture state's error, unless the capture is adequate. */
    DetectedFace requireAdequateFace(FaceImage image) {
        return flow.requireAdequateFace(image);
    }

    /** The most relevant face without capture checks (document photos); no face is NO_FACE. */
    DetectedFace requireFace(FaceImage image) {
        return flow.requireFace(image);
    }

    static DetectedFace adequateFace(Located located) {
        return located.flow().adequateFace();
    }

    static DetectedFace anyFace(Located located) {
        return located.flow().anyFace();
    }

    FaceLandmarks landmarks(FaceImage image, DetectedFace face) {
        return flow.landmarks(image, face);
    }

    LivenessResult liveness(FaceImage image, DetectedFace face) {
        return flow.liveness(image, face);
    }

    /** ISO/IEC 29794-5 measures of the face, in the seed's order. */
    Map<String, Double> quality(FaceImage image, DetectedFace face, List<DetectedFace> allFaces) {
        return flow.quality(image, face, allFaces).asMap();
    }

    /** The same from landmarks already located ({@link #landmarks}). */
    Map<String, Double> quality(FaceImage image, DetectedFace face, FaceLandmarks landmarks,
            List<DetectedFace> allFaces) {
        return flow.quality(image, face, landmarks, allFaces).asMap();
    }

    /** With the embedder's preferred model. */
    FaceTemplate template(FaceImage image, DetectedFace face) {
        return flow.template(image, face);
    }

    /**
     * With the named embedding model ({@code name:version}); null means the preferred one. The face is
     * cropped the way that model expects (its metadata name the crop).
     */
    FaceTemplate template(FaceImage image, DetectedFace face, String modelKey) {
        return flow.template(image, face, modelKey);
    }

    /** The same from landmarks already located; null locates them. */
    FaceTemplate template(FaceImage image, DetectedFace face, FaceLandmarks landmarks, String modelKey) {
        return flow.template(image, face, landmarks, modelKey);
    }

    /** The embedding models available now, preferred first. */
    List<String> embeddingModels() {
        return flow.embeddingModels();
    }
}
