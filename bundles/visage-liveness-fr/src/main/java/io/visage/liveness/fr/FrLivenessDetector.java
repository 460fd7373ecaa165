package io.visage.liveness.fr;


import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import ai.onnxruntime.OrtException;
import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.LivenessDetector;
import io.visage.api.face.LivenessResult;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;
import io.visage.api.stage.ModelConsumer;
import io.visage.imaging.Crops;
import io.visage.imaging.Images;
import io.visage.imaging.OpenCvNatives;
import io.visage.imaging.Tensors;
import io.visage.onnx.ModelSession;
import io.visage.onnx.ModelStage;
import io.visage.onnx.OnnxSessions;
import io.visage.onnx.Probabilities;

/**
 * Passive liveness with an fr_liveness-style (MiniFASNet) model. Input: the detector box grown {@code crop_scale}
 * times in width and height (shrunk when it does not fit, shifted into the image), resized to the model's input,
 * in the descriptor's colour order (BGR for fr_liveness: measured, see ACCURACY.md). Score: the
 * softmax probability of class 0 ("live"), 0..1; live when score >= threshold. A failed check says why when
 * the background around the face is overexposed.
 */
@Component(service = {LivenessDetector.class, ModelConsumer.class}, configurationPid = FrLivenessDetector.PID,
        property = ModelStage.MODEL_TARGET + "=" + FrLivenessDetector.MODEL_TARGET)
@Designate(ocd = FrLivenessDetector.Config.class)
public final class FrLivenessDetector extends ModelStage implements LivenessDetector {

    public static final String PID = "io.visage.liveness.fr";

    static final String MODEL_TARGET = "(&(" + ModelService.KIND + "=" + ModelService.KIND_LIVENESS + ")("
            + ModelService.NAME + "=fr_liveness))";

    @ObjectClassDefinition(name = "Visage liveness (fr_liveness)", description = "Passive liveness check.")
    public @interface Config {
        @AttributeDefinition(name = "Threshold", description = "Live when p(live) >= threshold; p(live) is the "
                + "model's softmax probability of the live class, 0..1. Default 0.3 (see ACCURACY.md).")
        double threshold() default 0.3;

        @AttributeDefinition(name = "Crop scale", description = "The model's input is this many times the face "
                + "box (shrunk to fit the image). Default 2.7, as the model was trained.")
        double crop_scale() default 2.7;

        @AttributeDefinition(name = "Overexposed level", description = "Gray level 0..255 from which a background "
                + "pixel counts as overexposed. Default 250.")
        int overexposed_level() default 250;

        @AttributeDefinition(name = "Overexposed fraction", description = "A failed check hints at excessive "
                + "background light when more than this fraction of the background around the face is "
                + "overexposed. Default 0.2.")
        double overexposed_fraction() default 0.2;

        @AttributeDefinition(name = "Model filter", description = "LDAP filter selecting the model service.")
        String model_target() default MODEL_TARGET;
    }

    /** Tunables of the check. */
    public record Settings(double threshold, double cropScale, int overexposedLevel, double overexposedFraction) {
        public static final Settings DEFAULT = new Settings(0.3, 2.7, 250, 0.2);
    }

    private final Settings settings;

    @Activate
    public FrLivenessDetector(Config c, @Reference(name = "sessions") OnnxSessions sessions) {
        this(new Settings(c.threshold(), c.crop_scale(), c.overexposed_level(), c.overexposed_fraction()), sessions);
    }

    public FrLivenessDetector(Settings settings, OnnxSessions sessions) {
        super(sessions, ModelService.KIND_LIVENESS, PID, "liveness");
        OpenCvNatives.load();
        this.settings = settings;
    }

    @Override
    public LivenessResult check(FaceImage image, DetectedFace face) {
        try (ModelSession.Lease lease = lease()) {
            Mat src = Images.mat(image);
            Rect region = cropRegion(face.box(), src.cols(), src.rows(), settings.cropScale());
            double score = score(lease, src, region);
            boolean live = score >= settings.threshold();
            String message = live ? null
                    : overexposed(src, region, face.box()) ? LivenessResult.HINT_BACKGROUND_LIGHT
                    : LivenessResult.GENERIC_FAILURE;
            ModelDescriptor d = lease.descriptor();
            return new LivenessResult(score, settings.threshold(), live, message, d.name(), d.version());
        } catch (OrtException e) {
            throw new IllegalStateException("liveness inference failed", e);
        }
    }

    /** The box grown {@code cropScale} times around its centre, shrunk to fit and shifted into the image. */
    static Rect cropRegion(Box box, int width, int height, double cropScale) {
        double boxW = Math.max(1, box.width());
        double boxH = Math.max(1, box.height());
        double scale = Math.min(Math.min((height - 1) / boxH, (width - 1) / boxW), cropScale);
        double w = boxW * scale;
        double h = boxH * scale;
        double x = Math.max(0, Math.min(box.centre().x() - w / 2, width - 1 - w));
        double y = Math.max(0, Math.min(box.centre().y() - h / 2, height - 1 - h));
        return new Rect((int) x, (int) y, Math.max(1, (int) w), Math.max(1, (int) h));
    }

    private static double score(ModelSession.Lease lease, Mat src, Rect region) throws OrtException {
        ModelDescriptor d = lease.descriptor();
        float[] data;
        Mat crop = Crops.cropResized(src, region, d.inputWidth(), d.inputHeight());
        try {
            data = Tensors.chw(crop, d.colourOrder(), d.mean(), d.std());
        } finally {
            crop.release();
        }
        float[] logits = lease.runFirst(data, new long[] {1, 3, d.inputHeight(), d.inputWidth()});
        return Probabilities.softmax(logits)[0];
    }


    /** Whether too much of the crop outside the face box is saturated. */
    private boolean overexposed(Mat src, Rect region, Box face) {
        Rect clipped = new Rect(region.x, region.y, Math.min(region.width, src.cols() - region.x),
                Math.min(region.height, src.rows() - region.y));
        Mat roi = src.submat(clipped);
        Mat gray = new Mat();
        Mat bright = new Mat();
        try {
            Imgproc.cvtColor(roi, gray, Imgproc.COLOR_BGR2GRAY);
            Rect faceInRoi = new Rect((int) face.x1() - clipped.x, (int) face.y1() - clipped.y, (int) face.width(),
                    (int) face.height());
            Imgproc.rectangle(gray, faceInRoi.tl(), faceInRoi.br(), Scalar.all(0), -1);
            Imgproc.threshold(gray, bright, settings.overexposedLevel() - 1, 255, Imgproc.THRESH_BINARY);
            double background = (double) clipped.area() - faceInRoi.area();
            return background > 0 && Core.countNonZero(bright) / background > settings.overexposedFraction();
        } finally {
            roi.release();
            gray.release();
            bright.release();
        }
    }
}
