package io.visage.embedding.fr;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.FloatBuffer;
import java.util.Map;

import org.opencv.core.Mat;
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

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceTemplate;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;
import io.visage.imaging.MatImage;
import io.visage.imaging.OpenCvNatives;
import io.visage.imaging.Tensors;
import io.visage.onnx.ModelSession;
import io.visage.onnx.ModelSlot;
import io.visage.onnx.OnnxSessions;

/**
 * Face templates with an fr_feature-style model: the aligned 112x112 face in, an L2-normalised vector out,
 * tagged with the model's name and version.
 */
@Component(service = FaceEmbedder.class, configurationPid = FrFaceEmbedder.PID)
@Designate(ocd = FrFaceEmbedder.Config.class)
public final class FrFaceEmbedder implements FaceEmbedder {

    public static final String PID = "io.visage.embedding.fr";
    static final String MODEL_TARGET = "(&(" + ModelService.KIND + "=" + ModelService.KIND_FACE_EMBEDDING + ")("
            + ModelService.NAME + "=fr_feature))";

    @ObjectClassDefinition(name = "Visage face embedder (fr_feature)", description = "512-d face templates.")
    public @interface Config {
        @AttributeDefinition(name = "Model filter", description = "LDAP filter selecting the model service. "
                + "Changing the embedding model makes stored templates incomparable: they are re-embedded.")
        String model_target() default MODEL_TARGET;
    }

    private static final System.Logger LOG = System.getLogger(FrFaceEmbedder.class.getName());

    private final ModelSlot model;

    @Activate
    public FrFaceEmbedder(@Reference(name = "sessions") OnnxSessions sessions) {
        OpenCvNatives.load();
        this.model = new ModelSlot(sessions);
    }

    @Reference(name = "model", service = ModelService.class, target = MODEL_TARGET,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindModel(ModelService service) throws IOException, OrtException {
        model.bind(service);
        LOG.log(Level.INFO, "face embedder uses model {0}", service.descriptor().id());
    }

    public void unbindModel(ModelService service) {
        model.unbind(service);
    }

    @Deactivate
    public void deactivate() {
        model.clear();
    }

    @Override
    public FaceTemplate embed(FaceImage alignedFace) {
        try (ModelSession.Lease lease = model.acquire().orElseThrow(
                () -> new FaceException(FaceError.STAGE_UNAVAILABLE, "no face embedding model"))) {
            ModelDescriptor d = lease.descriptor();
            float[] vector = normalised(infer(lease, MatImage.mat(alignedFace)));
            return new FaceTemplate(vector, d.name(), d.version());
        } catch (OrtException e) {
            throw new IllegalStateException("embedding inference failed", e);
        }
    }

    private static float[] infer(ModelSession.Lease lease, Mat face) throws OrtException {
        ModelDescriptor d = lease.descriptor();
        Mat input = face;
        if (face.cols() != d.inputWidth() || face.rows() != d.inputHeight()) {
            input = new Mat();
            Imgproc.resize(face, input, new Size(d.inputWidth(), d.inputHeight()), 0, 0, Imgproc.INTER_AREA);
        }
        float[] data;
        try {
            data = Tensors.chw(input, d.colourOrder(), d.mean(), d.std());
        } finally {
            if (input != face) {
                input.release();
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(lease.environment(), FloatBuffer.wrap(data),
                new long[] {1, 3, d.inputHeight(), d.inputWidth()});
             OrtSession.Result result = lease.session().run(
                     Map.of(lease.session().getInputNames().iterator().next(), tensor))) {
            FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        }
    }

    static float[] normalised(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            throw new IllegalStateException("zero embedding");
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
