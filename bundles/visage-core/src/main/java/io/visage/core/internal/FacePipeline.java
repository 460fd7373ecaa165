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
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceDetector;
import io.visage.api.face.FaceLandmarker;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.ImageDecoder;
import io.visage.api.face.LivenessDetector;
import io.visage.api.face.LivenessResult;
import io.visage.api.quality.QualityAssessor;

/**
 * The stages of the face pipeline as the use cases see them. Every stage is a dynamic, greedy reference:
 * installing a better-ranked implementation switches the next request to it, and a stage that goes away
 * makes only the requests that need it fail (with a JSON error), not the whole platform. Each call reads a
 * reference once, so a request that started on one implementation finishes on it.
 */
@Component(service = FacePipeline.class)
public final class FacePipeline {

    /** Where the most relevant face of an image stands. */
    record Located(List<DetectedFace> faces, Optional<DetectedFace> face, CaptureState state) {
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

    private static <T> T available(T stage, String name) {
        if (stage == null) {
            throw new FaceException(FaceError.STAGE_UNAVAILABLE, "no " + name + " service is running");
        }
        return stage;
    }

    /** @return an image the caller closes */
    FaceImage decode(byte[] encoded) {
        return available(decoder, "image decoder").decode(encoded);
    }

    Located locate(FaceImage image) {
        List<DetectedFace> faces = available(detector, "face detector").detect(image);
        Optional<DetectedFace> face = DetectedFace.mostRelevant(faces, image.width(), image.height());
        CaptureState state = available(captureChecker, "capture checker")
                .assess(image.width(), image.height(), face.orElse(null));
        return new Located(faces, face, state);
    }

    /** Locates the face and refuses, with the seed's status and message, unless the capture is adequate. */
    DetectedFace requireAdequateFace(FaceImage image) {
        return adequateFace(locate(image));
    }

    /** The most relevant face without capture checks (document photos); no face is the seed's 400. */
    DetectedFace requireFace(FaceImage image) {
        return anyFace(locate(image));
    }

    static DetectedFace adequateFace(Located located) {
        if (!located.state().adequate()) {
            throw new FaceException(located.state().error(), "capture state " + located.state().code());
        }
        return located.face().orElseThrow();
    }

    static DetectedFace anyFace(Located located) {
        return located.face().orElseThrow(() -> new FaceException(FaceError.NO_FACE, "no face"));
    }

    FaceLandmarks landmarks(FaceImage image, DetectedFace face) {
        return available(landmarker, "landmark detector").locate(image, face);
    }

    LivenessResult liveness(FaceImage image, DetectedFace face) {
        return available(livenessDetector, "liveness detector").check(image, face);
    }

    /** ISO/IEC 29794-5 measures of the face, in the seed's order. */
    Map<String, Double> quality(FaceImage image, DetectedFace face, List<DetectedFace> allFaces) {
        QualityAssessor assessor = available(qualityAssessor, "quality assessor");
        return assessor.assess(image, face, landmarks(image, face), allFaces).asMap();
    }

    /** With the embedder's preferred model. */
    FaceTemplate template(FaceImage image, DetectedFace face) {
        return template(image, face, null);
    }

    /**
     * With the named embedding model ({@code name:version}); null means the preferred one. The face is
     * cropped the way that model expects (its metadata name the crop).
     */
    FaceTemplate template(FaceImage image, DetectedFace face, String modelKey) {
        FaceEmbedder currentEmbedder = available(embedder, "face embedder");
        String model = modelKey;
        if (model == null) {
            List<String> models = currentEmbedder.modelKeys();
            if (models.isEmpty()) {
                throw new FaceException(FaceError.STAGE_UNAVAILABLE, "no face embedding model");
            }
            model = models.get(0);
        }
        String crop = embeddingModels == null ? EmbeddingModels.DEFAULT_CROP : embeddingModels.crop(model);
        FaceAligner aligner = available(aligners.get(crop), "face aligner for crop " + crop);
        FaceLandmarks points = landmarks(image, face);
        try (FaceImage aligned = aligner.align(image, points)) {
            return currentEmbedder.embed(aligned, model);
        }
    }

    /** The embedding models available now, preferred first. */
    List<String> embeddingModels() {
        FaceEmbedder current = embedder;
        return current == null ? List.of() : current.modelKeys();
    }
}
