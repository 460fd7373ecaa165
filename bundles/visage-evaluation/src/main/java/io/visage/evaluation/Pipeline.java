package io.visage.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.osgi.framework.Constants;

import ai.onnxruntime.OrtException;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceAligner;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.LivenessResult;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.pipeline.FaceFlow;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.detection.fr.GeometricCaptureChecker;
import io.visage.embedding.fr.FrFaceEmbedder;
import io.visage.imaging.Images;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.landmarks.fr.FrFaceLandmarker;
import io.visage.landmarks.fr.SimilarityFaceAligner;
import io.visage.liveness.fr.FrLivenessDetector;
import io.visage.model.extender.ClassPathModels;
import io.visage.model.extender.ResourceModel;
import io.visage.embedding.faceapi.DlibFaceCropper;
import io.visage.onnx.internal.OrtSessionFactory;

/**
 * The production stages with their default settings, assembled into the flow production runs ({@link FaceFlow}:
 * the most relevant face and its capture check, each embedding model on the crop its metadata name). As in the
 * platform, one embedder holds both embedding models, fr_feature preferred and faceapi_resnet34 ranked below it.
 */
final class Pipeline {

    final OpenCvImageDecoder decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
    final FrFaceDetector detector;
    final GeometricCaptureChecker capture = new GeometricCaptureChecker(GeometricCaptureChecker.Thresholds.DEFAULT);
    final FrFaceLandmarker landmarker;
    final SimilarityFaceAligner aligner = new SimilarityFaceAligner();
    /** The second embedding model's crop: face-api's ResNet-34 needs dlib's face chip. */
    final DlibFaceCropper faceApiCropper = new DlibFaceCropper();
    /** Both embedding models, as the platform's embedder holds them. */
    final FrFaceEmbedder embedder;
    final FrLivenessDetector liveness;
    /** The production flow over these stages. */
    final FaceFlow flow;
    /** The embedding models' metadata (names, versions, calibrated default grades). */
    final ModelDescriptor frFeatureModel;
    final ModelDescriptor faceApiModel;

    /** The ONNX sessions the stages share (for measurements that add a stage of their own). */
    final OrtSessionFactory sessions;

    /** Which face of an image is embedded; the platform's rule unless a measurement asks for another. */
    private final FaceRule faceRule;

    Pipeline(int threads) throws IOException, OrtException {
        this(threads, FaceRule.PLATFORM);
    }

    Pipeline(int threads, FaceRule faceRule) throws IOException, OrtException {
        this.faceRule = faceRule;
        sessions = new OrtSessionFactory(threads, 1);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, sessions);
        detector.bindModel(ClassPathModels.get("fr_detect"));
        landmarker = new FrFaceLandmarker(sessions);
        landmarker.bindModel(ClassPathModels.get("fr_landmark"));
        embedder = new FrFaceEmbedder(sessions);
        ResourceModel frFeature = ClassPathModels.get("fr_feature");
        embedder.bindModel(frFeature, serviceProperties(frFeature, 1L, 0));
        frFeatureModel = frFeature.descriptor();
        ResourceModel faceApi = ClassPathModels.get("faceapi_resnet34");
        embedder.bindModel(faceApi, serviceProperties(faceApi, 2L, -10));
        faceApiModel = faceApi.descriptor();
        liveness = new FrLivenessDetector(FrLivenessDetector.Settings.DEFAULT, sessions);
        liveness.bindModel(ClassPathModels.get("fr_liveness"));
        flow = FaceFlow.builder().decoder(decoder).detector(detector).captureChecker(capture).landmarker(landmarker)
                .aligner(FaceAligner.CROP_ARCFACE_112, aligner).aligner(DlibFaceCropper.CROP, faceApiCropper)
                .modelCrop(frFeatureModel.id(), crop(frFeature)).modelCrop(faceApiModel.id(), crop(faceApi))
                .embedder(embedder).liveness(liveness).build();
    }

    /** The model's service properties as the platform registers them (its metadata, e.g. augment), id and ranking. */
    private static Map<String, Object> serviceProperties(ResourceModel model, long id, int ranking) {
        Map<String, Object> properties = new java.util.HashMap<>(model.properties());
        properties.put(Constants.SERVICE_ID, id);
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    /** The crop the model's metadata name, as the platform reads it from its service properties. */
    private static String crop(ResourceModel model) {
        return String.valueOf(model.properties().getOrDefault(FaceAligner.MODEL_CROP, FaceFlow.DEFAULT_CROP));
    }

    /** What the pipeline makes of one image. */
    record Outcome(int width, int height, List<DetectedFace> faces, DetectedFace best, CaptureState capture,
                   FaceTemplate template, FaceTemplate faceApiTemplate, LivenessResult liveness) {
    }

    Outcome run(byte[] bytes) {
        try (FaceImage image = flow.decode(bytes)) {
            FaceFlow.Located located = flow.locate(image);
            Faces found = faces(image, located);
            CaptureState state = faceRule == FaceRule.PLATFORM ? located.state()
                    : capture.assess(image.width(), image.height(), found.best());
            if (found.best() == null) {
                return new Outcome(image.width(), image.height(), found.all(), null, state, null, null, null);
            }
            Templates templates = templates(image, found.best());
            LivenessResult live = flow.liveness(image, found.best());
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
        try (FaceImage image = flow.decode(bytes)) {
            Faces found = faces(image, flow.locate(image));
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
        try (FaceImage image = flow.decode(bytes)) {
            Faces found = faces(image, flow.locate(image));
            if (found.best() == null) {
                return false;
            }
            FaceLandmarks landmarks = flow.landmarks(image, found.best());
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

    /** The flow's most relevant face, or the one another rule picks among the same faces. */
    private Faces faces(FaceImage image, FaceFlow.Located located) {
        DetectedFace best = faceRule == FaceRule.PLATFORM ? located.face().orElse(null)
                : faceRule.choose(located.faces(), image.width(), image.height()).orElse(null);
        return new Faces(located.faces(), best);
    }

    /** Both models' templates, each as the platform makes it: the model's own crop, then that model. */
    private Templates templates(FaceImage image, DetectedFace face) {
        return new Templates(flow.template(image, face, frFeatureModel.id()),
                flow.template(image, face, faceApiModel.id()));
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
