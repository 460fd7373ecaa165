package io.visage.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import ai.onnxruntime.OrtException;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.LivenessResult;
import io.visage.api.model.ModelDescriptor;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.detection.fr.GeometricCaptureChecker;
import io.visage.embedding.fr.FrFaceEmbedder;
import io.visage.imaging.Images;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.landmarks.fr.FrFaceLandmarker;
import io.visage.landmarks.fr.SimilarityFaceAligner;
import io.visage.liveness.fr.FrLivenessDetector;
import io.visage.api.model.ModelService;
import io.visage.model.extender.ClassPathModels;
import io.visage.embedding.faceapi.DlibFaceCropper;
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
    /** The embedding models' metadata (names, versions, calibrated default grades). */
    final ModelDescriptor frFeatureModel;
    final ModelDescriptor faceApiModel;

    /** Which face of an image is embedded; the platform's rule unless a measurement asks for another. */
    private final FaceRule faceRule;

    Pipeline(int threads) throws IOException, OrtException {
        this(threads, FaceRule.LARGEST);
    }

    Pipeline(int threads, FaceRule faceRule) throws IOException, OrtException {
        this.faceRule = faceRule;
        OrtSessionFactory sessions = new OrtSessionFactory(threads, 1);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, sessions);
        detector.bindModel(ClassPathModels.get("fr_detect"));
        landmarker = new FrFaceLandmarker(sessions);
        landmarker.bindModel(ClassPathModels.get("fr_landmark"));
        embedder = new FrFaceEmbedder(sessions);
        ModelService frFeature = ClassPathModels.get("fr_feature");
        embedder.bindModel(frFeature, java.util.Map.of("service.id", 1L));
        frFeatureModel = frFeature.descriptor();
        faceApiEmbedder = new FrFaceEmbedder(sessions);
        ModelService faceApi = ClassPathModels.get("faceapi_resnet34");
        faceApiEmbedder.bindModel(faceApi, java.util.Map.of("service.id", 2L));
        faceApiModel = faceApi.descriptor();
        liveness = new FrLivenessDetector(FrLivenessDetector.Settings.DEFAULT, sessions);
        liveness.bindModel(ClassPathModels.get("fr_liveness"));
    }

    /** What the pipeline makes of one image. */
    record Outcome(int width, int height, List<DetectedFace> faces, DetectedFace best, CaptureState capture,
                   FaceTemplate template, FaceTemplate faceApiTemplate, LivenessResult liveness) {
    }

    Outcome run(byte[] bytes) {
        try (FaceImage image = decoder.decode(bytes)) {
            Faces found = faces(image);
            CaptureState state = capture.assess(image.width(), image.height(), found.best());
            if (found.best() == null) {
                return new Outcome(image.width(), image.height(), found.all(), null, state, null, null, null);
            }
            Templates templates = templates(image, found.best());
            LivenessResult live = liveness.check(image, found.best());
            return new Outcome(image.width(), image.height(), found.all(), found.best(), state, templates.frFeature(),
                    templates.faceApi(), live);
        }
    }

    /** The faces of an image and the one the pipeline picks (null when there is none). */
    record Faces(List<DetectedFace> all, DetectedFace best) {
    }

    /** Both embedding models' templates of one face. */
    record Templates(FaceTemplate frFeature, FaceTemplate faceApi) {
    }

    /** What the LFW runs need of one image: its faces and both templates (null without a face); no liveness. */
    record Embedded(int width, int height, Faces faces, Templates templates) {
    }

    Embedded embed(byte[] bytes) {
        try (FaceImage image = decoder.decode(bytes)) {
            Faces found = faces(image);
            Templates templates = found.best() == null ? null : templates(image, found.best());
            return new Embedded(image.width(), image.height(), found, templates);
        }
    }

    /**
     * Writes the crops the two embedders see for the image's chosen face ({@code <stem>.fr_feature.png},
     * {@code <stem>.faceapi_resnet34.png}) and the image with every detected face boxed, the chosen one in
     * green ({@code <stem>.boxed.png}), so a failed pair can be looked at. False when there is no face.
     */
    boolean writeCrops(byte[] bytes, Path folder, String stem) {
        try (FaceImage image = decoder.decode(bytes)) {
            Faces found = faces(image);
            if (found.best() == null) {
                return false;
            }
            FaceLandmarks landmarks = landmarker.locate(image, found.best());
            try (FaceImage aligned = aligner.align(image, landmarks);
                 FaceImage crop = faceApiCropper.align(image, landmarks)) {
                write(aligned, folder.resolve(stem + ".fr_feature.png"));
                write(crop, folder.resolve(stem + ".faceapi_resnet34.png"));
            }
            Mat boxed = Images.mat(image).clone();
            try {
                for (DetectedFace face : found.all()) {
                    Scalar colour = face == found.best() ? new Scalar(0, 255, 0) : new Scalar(0, 0, 255);
                    Imgproc.rectangle(boxed, new Point(face.box().x1(), face.box().y1()),
                            new Point(face.box().x2(), face.box().y2()), colour, 2);
                }
                imwrite(boxed, folder.resolve(stem + ".boxed.png"));
            } finally {
                boxed.release();
            }
            return true;
        }
    }

    private Faces faces(FaceImage image) {
        List<DetectedFace> faces = detector.detect(image);
        return new Faces(faces, faceRule.choose(faces, image.width(), image.height()).orElse(null));
    }

    private Templates templates(FaceImage image, DetectedFace face) {
        FaceLandmarks landmarks = landmarker.locate(image, face);
        FaceTemplate template;
        try (FaceImage aligned = aligner.align(image, landmarks)) {
            template = embedder.embed(aligned);
        }
        FaceTemplate faceApiTemplate;
        try (FaceImage crop = faceApiCropper.align(image, landmarks)) {
            faceApiTemplate = faceApiEmbedder.embed(crop);
        }
        return new Templates(template, faceApiTemplate);
    }

    private static void write(FaceImage image, Path file) {
        imwrite(Images.mat(image), file);
    }

    private static void imwrite(Mat mat, Path file) {
        if (!Imgcodecs.imwrite(file.toString(), mat)) {
            throw new IllegalStateException("could not write " + file);
        }
    }
}
