package io.visage.evaluation;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import ai.onnxruntime.OrtException;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.LivenessResult;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.detection.fr.GeometricCaptureChecker;
import io.visage.embedding.fr.FrFaceEmbedder;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.landmarks.fr.FrFaceLandmarker;
import io.visage.landmarks.fr.SimilarityFaceAligner;
import io.visage.liveness.fr.FrLivenessDetector;
import io.visage.model.frdetect.FrDetectModel;
import io.visage.embedding.faceapi.DlibFaceCropper;
import io.visage.model.faceapiresnet.FaceApiResnetModel;
import io.visage.model.frfeature.FrFeatureModel;
import io.visage.model.frlandmark.FrLandmarkModel;
import io.visage.model.frliveness.FrLivenessModel;
import io.visage.onnx.internal.OrtSessionFactory;

/** The production components wired by hand, as DS wires them in Karaf, with their default settings. */
final class Pipeline {

    final OpenCvImageDecoder decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
    final FrFaceDetector detector;
    final GeometricCaptureChecker capture = new GeometricCaptureChecker(GeometricCaptureChecker.Thresholds.DEFAULT);
    final FrFaceLandmarker landmarker;
    final SimilarityFaceAligner aligner = new SimilarityFaceAligner();
    final FrFaceEmbedder embedder;
    /** The second embedding model, side by side: face-api's ResNet-34 on its own (dlib) crop. */
    final DlibFaceCropper faceApiCropper = new DlibFaceCropper();
    final FrFaceEmbedder faceApiEmbedder;
    final FrLivenessDetector liveness;

    Pipeline(int threads) throws IOException, OrtException {
        OrtSessionFactory sessions = new OrtSessionFactory(threads, 1);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, sessions);
        detector.bindModel(new FrDetectModel());
        landmarker = new FrFaceLandmarker(sessions);
        landmarker.bindModel(new FrLandmarkModel());
        embedder = new FrFaceEmbedder(sessions);
        embedder.bindModel(new FrFeatureModel(), java.util.Map.of("service.id", 1L));
        faceApiEmbedder = new FrFaceEmbedder(sessions);
        faceApiEmbedder.bindModel(new FaceApiResnetModel(), java.util.Map.of("service.id", 2L));
        liveness = new FrLivenessDetector(FrLivenessDetector.Settings.DEFAULT, sessions);
        liveness.bindModel(new FrLivenessModel());
    }

    /** What the pipeline makes of one image. */
    record Outcome(int width, int height, List<DetectedFace> faces, DetectedFace best, CaptureState capture,
                   FaceTemplate template, FaceTemplate faceApiTemplate, LivenessResult liveness) {
    }

    Outcome run(byte[] bytes) {
        try (FaceImage image = decoder.decode(bytes)) {
            List<DetectedFace> faces = detector.detect(image);
            Optional<DetectedFace> best = DetectedFace.mostRelevant(faces, image.width(), image.height());
            CaptureState state = capture.assess(image.width(), image.height(), best.orElse(null));
            if (best.isEmpty()) {
                return new Outcome(image.width(), image.height(), faces, null, state, null, null, null);
            }
            FaceLandmarks landmarks = landmarker.locate(image, best.get());
            FaceTemplate template;
            try (FaceImage aligned = aligner.align(image, landmarks)) {
                template = embedder.embed(aligned);
            }
            FaceTemplate faceApiTemplate;
            try (FaceImage crop = faceApiCropper.align(image, landmarks)) {
                faceApiTemplate = faceApiEmbedder.embed(crop);
            }
            LivenessResult live = liveness.check(image, best.get());
            return new Outcome(image.width(), image.height(), faces, best.get(), state, template, faceApiTemplate, live);
        }
    }
}
