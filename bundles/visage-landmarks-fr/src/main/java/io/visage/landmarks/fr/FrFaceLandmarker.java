package io.visage.landmarks.fr;

import java.util.ArrayList;
import java.util.List;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
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
import io.visage.api.face.FaceLandmarker;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.Point;
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

/**
 * 68 landmarks with an fr_landmark-style model: the input is the square around the detector box (side = box
 * height times a scale, 1 by default, centred; black outside the image) in the model's colour order (fr_landmark:
 * gray; faceapi_landmark68: RGB); the output is 68 points in units of that square.
 */
@Component(service = {FaceLandmarker.class, ModelConsumer.class}, configurationPid = FrFaceLandmarker.PID,
        property = ModelStage.MODEL_TARGET + "=" + FrFaceLandmarker.MODEL_TARGET)
@Designate(ocd = FrFaceLandmarker.Config.class)
public final class FrFaceLandmarker extends ModelStage implements FaceLandmarker {

    public static final String PID = "io.visage.landmarks.fr";

    static final String MODEL_TARGET = "(&(" + ModelService.KIND + "=" + ModelService.KIND_FACE_LANDMARKS + ")("
            + ModelService.NAME + "=fr_landmark))";

    @ObjectClassDefinition(name = "Visage landmarks (fr_landmark)", description = "68-point face landmarks.")
    public @interface Config {
        @AttributeDefinition(name = "Model filter", description = "LDAP filter selecting the model service.")
        String model_target() default MODEL_TARGET;
    }

    private static final int POINTS = 68;

    /** Side of the model's input square over the detector box's height. */
    private final double boxScale;

    @Activate
    public FrFaceLandmarker(@Reference(name = "sessions") OnnxSessions sessions) {
        this(sessions, 1.0);
    }

    /** With the input square's side {@code boxScale} times the box height (measurements of other crops). */
    public FrFaceLandmarker(OnnxSessions sessions, double boxScale) {
        super(sessions, ModelService.KIND_FACE_LANDMARKS, PID, "landmarker");
        this.boxScale = boxScale;
        OpenCvNatives.load();
    }

    @Override
    public FaceLandmarks locate(FaceImage image, DetectedFace face) {
        try (ModelSession.Lease lease = lease()) {
            return locate(lease, Images.mat(image), face.box(), boxScale);
        } catch (OrtException e) {
            throw new IllegalStateException("landmark inference failed", e);
        }
    }

    private static FaceLandmarks locate(ModelSession.Lease lease, Mat image, Box box, double boxScale)
            throws OrtException {
        ModelDescriptor d = lease.descriptor();
        double side = Math.max(1, box.height() * boxScale);
        double x0 = box.centre().x() - side / 2;
        double y0 = box.centre().y() - side / 2;
        Rect square = new Rect((int) Math.round(x0), (int) Math.round(y0), (int) Math.round(side),
                (int) Math.round(side));
        float[] input;
        Mat crop = Crops.cropResized(image, square, d.inputWidth(), d.inputHeight());
        try {
            input = Tensors.chw(crop, d.colourOrder(), d.mean(), d.std());
        } finally {
            crop.release();
        }
        float[] out;
        int channels = "GRAY".equalsIgnoreCase(d.colourOrder()) ? 1 : 3;
        out = lease.runFirst(input, new long[] {1, channels, d.inputHeight(), d.inputWidth()});
        if (out.length != 2 * POINTS) {
            throw new IllegalStateException("68 points expected, model gave " + out.length / 2);
        }
        List<Point> points = new ArrayList<>(POINTS);
        for (int i = 0; i < POINTS; i++) {
            points.add(new Point(square.x + out[2 * i] * square.width, square.y + out[2 * i + 1] * square.height));
        }
        return new FaceLandmarks(points, fivePoints(points));
    }

    /**
     * iBUG 68 to 5 points: eye centres = mean of the four eyelid points (37, 38, 40, 41 and 43, 44, 46, 47),
     * nose tip = 30, mouth corners = mean of the outer and inner corner (48, 60 and 54, 64).
     */
    static List<Point> fivePoints(List<Point> p) {
        return List.of(mean(p, 37, 38, 40, 41), mean(p, 43, 44, 46, 47), p.get(30), mean(p, 48, 60),
                mean(p, 54, 64));
    }

    private static Point mean(List<Point> p, int... indices) {
        double x = 0;
        double y = 0;
        for (int i : indices) {
            x += p.get(i).x();
            y += p.get(i).y();
        }
        return new Point(x / indices.length, y / indices.length);
    }
}
