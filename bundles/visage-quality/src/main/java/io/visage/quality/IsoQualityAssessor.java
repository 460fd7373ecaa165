package io.visage.quality;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import ai.onnxruntime.OrtException;
import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.Point;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;
import io.visage.api.quality.QualityAssessor;
import io.visage.api.quality.QualityMeasure;
import io.visage.api.quality.QualityMeasures;
import io.visage.api.stage.ModelConsumer;
import io.visage.api.stage.ModelPin;
import io.visage.imaging.Crops;
import io.visage.imaging.Images;
import io.visage.imaging.OpenCvNatives;
import io.visage.imaging.Tensors;
import io.visage.onnx.ModelSession;
import io.visage.onnx.ModelStage;
import io.visage.onnx.ModelSlot;
import io.visage.onnx.OnnxSessions;
import io.visage.onnx.Probabilities;

/**
 * The 22 quality measures of the seed after ISO/IEC 29794-5 / OFIQ: head pose from an fr_pose-style model
 * (Hopenet bins), eye state from an fr_eye-style model, the rest from landmarks and image statistics on a
 * normalised portrait crop ({@link FaceRegions}). Method, region and mapping of every measure: QUALITY.md.
 */
@Component(service = {QualityAssessor.class, ModelConsumer.class}, configurationPid = IsoQualityAssessor.PID,
        property = ModelStage.MODEL_TARGET + "=" + IsoQualityAssessor.POSE_TARGET)
@Designate(ocd = IsoQualityAssessor.Config.class)
public final class IsoQualityAssessor extends ModelStage implements QualityAssessor {

    public static final String PID = "io.visage.quality";

    static final String POSE_TARGET = "(" + ModelService.KIND + "=" + ModelService.KIND_HEAD_POSE + ")";
    /** The eye state model's reference; its pin is {@code eye.target}. */
    static final String EYE_REFERENCE = "eye";
    static final String EYE_TARGET = "(" + ModelService.KIND + "=" + ModelService.KIND_EYE_STATE + ")";

    @ObjectClassDefinition(name = "Visage quality (ISO/IEC 29794-5)",
            description = "Face image quality measures; see QUALITY.md for each measure.")
    public @interface Config {
        @AttributeDefinition(name = "Sharpness scale", description = "Variance of the Laplacian of the face "
                + "region (normalised crop) at which sharpness is 1 - 1/e. Default 3000.")
        double sharpness_scale() default Settings.DEFAULT_SHARPNESS_SCALE;

        @AttributeDefinition(name = "Background gradient scale", description = "Mean gradient magnitude of "
                + "the background (normalised crop) at which background_uniformity is 1/e. Default 15.")
        double background_gradient_scale() default Settings.DEFAULT_BACKGROUND_SCALE;

        @AttributeDefinition(name = "Other face: ignored below", description = "Another face smaller than this "
                + "fraction of the assessed face's area does not lower single_face_present. Default 0.1.")
        double other_face_ignored_ratio() default Settings.DEFAULT_OTHER_FACE_IGNORED;

        @AttributeDefinition(name = "Other face: counts fully from", description = "Another face at least this "
                + "fraction of the assessed face's area makes single_face_present 0. Default 0.3.")
        double other_face_full_ratio() default Settings.DEFAULT_OTHER_FACE_FULL;

        @AttributeDefinition(name = "Skin share of an unoccluded face", description = "Share of skin-coloured "
                + "pixels in the face region from which the occlusion measures are 1. Default 0.6.")
        double skin_share_unoccluded() default Settings.DEFAULT_SKIN_SHARE;

        @AttributeDefinition(name = "Head pose model filter", description = "LDAP filter selecting the head "
                + "pose model service.")
        String model_target() default POSE_TARGET;

        @AttributeDefinition(name = "Eye state model filter", description = "LDAP filter selecting the eye state "
                + "model service.")
        String eye_target() default EYE_TARGET;
    }

    /** The tunable constants. */
    public record Settings(double sharpnessScale, double backgroundGradientScale, double otherFaceIgnoredRatio,
                           double otherFaceFullRatio, double skinShareUnoccluded) {
        static final double DEFAULT_SHARPNESS_SCALE = 3000;
        static final double DEFAULT_BACKGROUND_SCALE = 15;
        static final double DEFAULT_OTHER_FACE_IGNORED = 0.1;
        static final double DEFAULT_OTHER_FACE_FULL = 0.3;
        static final double DEFAULT_SKIN_SHARE = 0.6;
        public static final Settings DEFAULT = new Settings(DEFAULT_SHARPNESS_SCALE, DEFAULT_BACKGROUND_SCALE,
                DEFAULT_OTHER_FACE_IGNORED, DEFAULT_OTHER_FACE_FULL, DEFAULT_SKIN_SHARE);

        public Settings {
            if (!(sharpnessScale > 0) || !(backgroundGradientScale > 0) || !(skinShareUnoccluded > 0)
                    || !(otherFaceFullRatio > otherFaceIgnoredRatio) || otherFaceIgnoredRatio < 0) {
                throw new IllegalArgumentException("invalid quality settings " + this);
            }
        }
    }

    /** fr_pose: 66 bins of 3 degrees each, the first centred at -99 degrees. */
    private static final double POSE_BIN_DEGREES = 3;
    private static final double POSE_OFFSET_DEGREES = -99;
    /** The eye crop is this many times the eye's corner-to-corner width (as the model was used by its vendor). */
    private static final double EYE_CROP_SCALE = 1.6;

    private final Settings settings;
    private final ModelSlot eyeModel;

    @Activate
    public IsoQualityAssessor(Config c, @Reference(name = "sessions") OnnxSessions sessions) {
        this(new Settings(c.sharpness_scale(), c.background_gradient_scale(), c.other_face_ignored_ratio(),
                c.other_face_full_ratio(), c.skin_share_unoccluded()), sessions);
    }

    public IsoQualityAssessor(Settings settings, OnnxSessions sessions) {
        super(sessions, ModelService.KIND_HEAD_POSE, PID, "quality head pose");
        OpenCvNatives.load();
        this.settings = settings;
        this.eyeModel = new ModelSlot(sessions);
    }

    /** The second model, eye state, beside the head pose model of {@link ModelStage}'s reference. */
    @Reference(name = EYE_REFERENCE, service = ModelService.class, target = EYE_TARGET,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindEyeModel(ModelService service) throws IOException, OrtException {
        bind(eyeModel, service, "quality eye state");
    }

    public void unbindEyeModel(ModelService service) {
        eyeModel.unbind(service);
    }

    @Override
    public void deactivate() {
        super.deactivate();
        eyeModel.clear();
    }

    @Override
    public QualityMeasures assess(FaceImage image, DetectedFace face, FaceLandmarks landmarks,
                                  List<DetectedFace> allFaces) {
        Mat src = Images.mat(image);
        Map<QualityMeasure, Double> m = new EnumMap<>(QualityMeasure.class);
        try (ModelSession.Lease pose = lease();
             ModelSession.Lease eye = lease(eyeModel, "eye state")) {
            double[] ypr = headPose(pose, src, face.box());
            m.put(QualityMeasure.HEAD_POSE_YAW, ypr[0]);
            m.put(QualityMeasure.HEAD_POSE_PITCH, ypr[1]);
            m.put(QualityMeasure.HEAD_POSE_ROLL, ypr[2]);
            m.put(QualityMeasure.EYES_OPEN, Math.min(openness(eye, src, landmarks.points(), 36),
                    openness(eye, src, landmarks.points(), 42)));
        } catch (OrtException e) {
            throw new IllegalStateException("quality inference failed", e);
        }
        try (FaceRegions regions = FaceRegions.of(src, face.box(), landmarks.points())) {
            ImageMeasures.measure(regions, settings, m);
        }
        LandmarkMeasures.measure(landmarks.points(), src.rows(), m);
        m.put(QualityMeasure.SINGLE_FACE_PRESENT, singleFacePresent(face, allFaces, settings));
        return QualityMeasures.of(m);
    }

    /**
     * 1 when no other face is at least {@code otherFaceIgnoredRatio} of this face's area, 0 when one is at least
     * {@code otherFaceFullRatio} of it, linear in between. The face itself (IoU above 0.5) is not another face.
     */
    static double singleFacePresent(DetectedFace face, List<DetectedFace> allFaces, Settings s) {
        double largest = 0;
        double area = Math.max(1, face.box().area());
        for (DetectedFace other : allFaces) {
            if (other.box().iou(face.box()) <= 0.5) {
                largest = Math.max(largest, other.box().area() / area);
            }
        }
        double t = (largest - s.otherFaceIgnoredRatio()) / (s.otherFaceFullRatio() - s.otherFaceIgnoredRatio());
        return 1 - Math.max(0, Math.min(1, t));
    }

    /** Yaw, pitch, roll in degrees: the expectation over each output's 66 softmaxed bins. */
    private static double[] headPose(ModelSession.Lease lease, Mat src, Box box) throws OrtException {
        ModelDescriptor d = lease.descriptor();
        // The detector box grown by a quarter on each side and clipped to the image, as the model was used.
        int x1 = (int) Math.max(0, box.x1() - box.width() / 4);
        int y1 = (int) Math.max(0, box.y1() - box.height() / 4);
        int x2 = (int) Math.min(src.cols(), box.x2() + box.width() / 4);
        int y2 = (int) Math.min(src.rows(), box.y2() + box.height() / 4);
        Rect region = new Rect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
        float[] input;
        // Inside the image: resized straight from the image, without a copy of the region.
        Mat roi = src.submat(region);
        Mat resized = new Mat();
        try {
            boolean shrinking = region.width > d.inputWidth() || region.height > d.inputHeight();
            Imgproc.resize(roi, resized, new Size(d.inputWidth(), d.inputHeight()), 0, 0,
                    shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            input = Tensors.chw(resized, d.colourOrder(), d.mean(), d.std());
        } finally {
            roi.release();
            resized.release();
        }
        List<float[]> outputs = new ArrayList<>(
                lease.run(input, new long[] {1, 3, d.inputHeight(), d.inputWidth()}).values());
        if (outputs.size() < 3) {
            throw new IllegalStateException("head pose model gave " + outputs.size() + " outputs, 3 expected");
        }
        double[] angles = new double[3];
        for (int i = 0; i < 3; i++) {
            double[] p = Probabilities.softmax(outputs.get(i));
            double expectation = 0;
            for (int bin = 0; bin < p.length; bin++) {
                expectation += p[bin] * bin;
            }
            angles[i] = expectation * POSE_BIN_DEGREES + POSE_OFFSET_DEGREES;
        }
        return angles;
    }

    /**
     * p(open) of the eye whose six landmarks start at {@code first} (36: left in the image, 42: right): a square
     * crop around the mean of the four eyelid points, {@value #EYE_CROP_SCALE} times the corner distance.
     */
    private static double openness(ModelSession.Lease lease, Mat src, List<Point> p, int first) throws OrtException {
        ModelDescriptor d = lease.descriptor();
        double cx = (p.get(first + 1).x() + p.get(first + 2).x() + p.get(first + 4).x() + p.get(first + 5).x()) / 4;
        double cy = (p.get(first + 1).y() + p.get(first + 2).y() + p.get(first + 4).y() + p.get(first + 5).y()) / 4;
        double size = Math.max(2, Math.hypot(p.get(first + 3).x() - p.get(first).x(),
                p.get(first + 3).y() - p.get(first).y()) * EYE_CROP_SCALE);
        Rect region = new Rect((int) Math.round(cx - size / 2), (int) Math.round(cy - size / 2),
                (int) Math.round(size), (int) Math.round(size));
        float[] input = input(src, region, d);
        double[] p2 = Probabilities.softmax(lease.runFirst(input, new long[] {1, 1, d.inputHeight(), d.inputWidth()}));
        return 1 - p2[0];
    }

    private static float[] input(Mat src, Rect region, ModelDescriptor d) {
        Mat crop = Crops.cropResized(src, region, d.inputWidth(), d.inputHeight());
        try {
            return Tensors.chw(crop, d.colourOrder(), d.mean(), d.std());
        } finally {
            crop.release();
        }
    }

    /** Where visage:model-use pins this stage's models: the head pose model as every stage's, the eye model beside it. */
    @Override
    public List<ModelPin> pins() {
        return List.of(super.pins().get(0),
                new ModelPin(ModelService.KIND_EYE_STATE, PID, EYE_REFERENCE + ".target"));
    }
}
