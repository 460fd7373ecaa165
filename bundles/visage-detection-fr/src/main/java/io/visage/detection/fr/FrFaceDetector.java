package io.visage.detection.fr;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import ai.onnxruntime.OrtException;
import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceDetector;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;
import io.visage.imaging.MatImage;
import io.visage.imaging.OpenCvNatives;
import io.visage.imaging.Tensors;
import io.visage.onnx.ModelSession;
import io.visage.onnx.ModelSlot;
import io.visage.onnx.OnnxSessions;

/**
 * Face detection with an fr_detect-style model: the image is letterboxed (aspect ratio kept, grey padding) to
 * the model's input, the decoded boxes are mapped back to image pixels, and overlapping boxes are removed by
 * non-maximum suppression in score order. The model comes from the highest-ranked matching model service and
 * can be swapped at runtime.
 */
@Component(service = FaceDetector.class, configurationPid = FrFaceDetector.PID)
@Designate(ocd = FrFaceDetector.Config.class)
public final class FrFaceDetector implements FaceDetector {

    public static final String PID = "io.visage.detection.fr";
    static final String MODEL_TARGET = "(&(" + ModelService.KIND + "=" + ModelService.KIND_FACE_DETECTOR + ")("
            + ModelService.NAME + "=fr_detect))";

    @ObjectClassDefinition(name = "Visage face detector (fr_detect)",
            description = "Face detection; model.target selects the model service.")
    public @interface Config {
        @AttributeDefinition(name = "Score threshold", description = "Minimum face score 0..1. Default 0.6 "
                + "(the package uses 0.65; 0.6 also finds the tight 150 px crops).")
        double score_threshold() default 0.6;

        @AttributeDefinition(name = "NMS IoU", description = "Boxes overlapping a higher-scored box by more than "
                + "this intersection over union are dropped. Default 0.4.")
        double nms_iou() default 0.4;

        @AttributeDefinition(name = "Minimum face size", description = "Faces smaller than this many pixels "
                + "(shorter side, in the original image) are ignored. Default 20.")
        int min_face_pixels() default 20;

        @AttributeDefinition(name = "Maximum faces", description = "At most this many faces are returned, "
                + "highest score first. Default 50.")
        int max_faces() default 50;

        @AttributeDefinition(name = "Model filter", description = "LDAP filter selecting the model service.")
        String model_target() default MODEL_TARGET;
    }

    /** Tunables of the detector. */
    public record Settings(double scoreThreshold, double nmsIou, int minFacePixels, int maxFaces) {
        public static final Settings DEFAULT = new Settings(0.6, 0.4, 20, 50);
    }

    private static final System.Logger LOG = System.getLogger(FrFaceDetector.class.getName());
    private static final double PAD_VALUE = 127;

    private final Settings settings;
    private final ModelSlot model;

    @Activate
    public FrFaceDetector(Config config, @Reference(name = "sessions") OnnxSessions sessions) {
        this(new Settings(config.score_threshold(), config.nms_iou(), config.min_face_pixels(), config.max_faces()),
                sessions);
    }

    public FrFaceDetector(Settings settings, OnnxSessions sessions) {
        OpenCvNatives.load();
        this.settings = settings;
        this.model = new ModelSlot(sessions);
    }

    @Reference(name = "model", service = ModelService.class, target = MODEL_TARGET,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindModel(ModelService service) throws IOException, OrtException {
        model.bind(service);
        LOG.log(Level.INFO, "face detector uses model {0}", service.descriptor().id());
    }

    public void unbindModel(ModelService service) {
        model.unbind(service);
    }

    @Deactivate
    public void deactivate() {
        model.clear();
    }

    @Override
    public List<DetectedFace> detect(FaceImage image) {
        try (ModelSession.Lease lease = model.acquire().orElseThrow(
                () -> new FaceException(FaceError.STAGE_UNAVAILABLE, "no face detector model"))) {
            return detect(lease, MatImage.mat(image));
        } catch (OrtException e) {
            throw new IllegalStateException("face detector inference failed", e);
        }
    }

    private List<DetectedFace> detect(ModelSession.Lease lease, Mat image) throws OrtException {
        ModelDescriptor d = lease.descriptor();
        int inW = d.inputWidth();
        int inH = d.inputHeight();
        double scale = Math.min((double) inW / image.cols(), (double) inH / image.rows());
        int w = Math.max(1, (int) Math.round(image.cols() * scale));
        int h = Math.max(1, (int) Math.round(image.rows() * scale));
        int padX = (inW - w) / 2;
        int padY = (inH - h) / 2;
        float[] input;
        Mat canvas = new Mat(inH, inW, image.type(), Scalar.all(PAD_VALUE));
        Mat resized = new Mat();
        Mat target = canvas.submat(new Rect(padX, padY, w, h));
        try {
            Imgproc.resize(image, resized, new Size(w, h), 0, 0, scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            resized.copyTo(target);
            input = Tensors.chw(canvas, d.colourOrder(), d.mean(), d.std());
        } finally {
            target.release();
            resized.release();
            canvas.release();
        }
        float[] scores;
        float[] boxes;
        Map<String, float[]> outputs = lease.run(input, new long[] {1, 3, inH, inW});
        scores = output(outputs, "scores");
        boxes = output(outputs, "boxes");
        List<DetectedFace> candidates = new ArrayList<>();
        for (int i = 0; i < scores.length / 2; i++) {
            float score = scores[2 * i + 1];
            if (score < settings.scoreThreshold()) {
                continue;
            }
            double x1 = (boxes[4 * i] * inW - padX) / scale;
            double y1 = (boxes[4 * i + 1] * inH - padY) / scale;
            double x2 = (boxes[4 * i + 2] * inW - padX) / scale;
            double y2 = (boxes[4 * i + 3] * inH - padY) / scale;
            if (!(x2 > x1 && y2 > y1)) {
                continue;
            }
            Box box = new Box(x1, y1, x2, y2).clip(image.cols(), image.rows());
            if (Math.min(box.width(), box.height()) >= settings.minFacePixels()) {
                candidates.add(new DetectedFace(box, score));
            }
        }
        return nms(candidates);
    }

    private List<DetectedFace> nms(List<DetectedFace> candidates) {
        candidates.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace candidate : candidates) {
            boolean overlaps = false;
            for (DetectedFace k : kept) {
                if (k.box().iou(candidate.box()) > settings.nmsIou()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(candidate);
                if (kept.size() == settings.maxFaces()) {
                    break;
                }
            }
        }
        return List.copyOf(kept);
    }

    private static float[] output(Map<String, float[]> outputs, String name) {
        float[] values = outputs.get(name);
        if (values == null) {
            throw new IllegalStateException("model output " + name + " missing");
        }
        return values;
    }
}
