package io.visage.model.converter;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.visage.model.converter.onnx.Onnx.ModelProto;

/**
 * The converted 68-point landmark net: ONNX Runtime vs face-api's own code under TF.js (wasm backend) on real
 * faces of the shared data, every coordinate within 1e-3 of the crop's side; and the points lie where a face's
 * parts are (eyes above the nose tip above the mouth, the left eye left of the right one, inside the crop).
 */
public class FaceApiLandmarksEquivalenceTest {

    static final double TOLERANCE = 1e-3;
    static final int SIZE = FaceApiLandmarks68.INPUT_SIZE;
    /** Tight crops and photos padded to a square, as face-api feeds its landmark net a face's box. */
    static final List<String> FACES = List.of("faces/bbt_amy/faceapi__amy1.png", "faces/bbt_penny/faceapi__penny1.png",
            "faces/bbt_howard/faceapi__howard1.png", "faces/fr_obama/facerec__obama.jpg",
            "faces/df_a/deepface__img1.jpg", "faces/fr_rose_leslie/facerec__rose_img2.jpg");

    @Test
    public void theModelUsesEveryWeightAndIsDeterministic() throws Exception {
        byte[] bytes = Files.readAllBytes(ConvertedModel.path(FaceApiConverter.Net.LANDMARK68));
        ModelProto model = ModelProto.parseFrom(bytes);
        // The manifest's 49 tensors (conv0 filters and bias, 15 separable convs x 3, fc weights and bias).
        assertEquals(49, model.getGraph().getInitializerList().stream().filter(t -> t.getDataType() == 1).count());
        Path again = Path.of("target", "test-model", "landmark68-again.onnx");
        FaceApiConverter.convert(FaceApiConverter.Net.LANDMARK68, ConvertedModel.fetcher(), "test", again);
        assertArrayEquals(bytes, Files.readAllBytes(again));
    }

    @Test
    public void onnxRuntimeMatchesFaceApiUnderTfjsAndThePointsAreAFace() throws Exception {
        Path data = FaceApiResnetEquivalenceTest.dataDir();
        Path work = Path.of("target", "equivalence-landmarks").toAbsolutePath();
        Files.createDirectories(work);
        nu.pattern.OpenCV.loadLocally();
        List<byte[]> crops = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (String face : FACES) {
            byte[] rgb = FaceApiResnetEquivalenceTest.squareCrop(data.resolve(face), SIZE);
            Path file = work.resolve(Path.of(face).getFileName() + ".rgb");
            Files.write(file, rgb);
            crops.add(rgb);
            files.add(file.toString());
        }
        JsonNode reference = FaceApiResnetEquivalenceTest.reference("faceapi-landmarks-reference.js", files,
                work.resolve("reference.json"));
        assertEquals("wasm", reference.get("backend").asText());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(ConvertedModel.path(FaceApiConverter.Net.LANDMARK68).toString(),
                     options)) {
            assertArrayEquals(new long[] {1, 3, SIZE, SIZE},
                    ((TensorInfo) session.getInputInfo().get(FaceApiLandmarks68.INPUT).getInfo()).getShape());
            double worst = 0;
            for (int c = 0; c < crops.size(); c++) {
                float[] onnx = landmarks(env, session, crops.get(c));
                JsonNode expected = reference.get("landmarks").get(c);
                assertEquals(136, expected.size());
                double max = 0;
                for (int i = 0; i < 136; i++) {
                    max = Math.max(max, Math.abs(onnx[i] - expected.get(i).asDouble()));
                }
                System.out.printf("[equivalence] %s: max |onnx - tfjs| = %.2e of the crop%n", FACES.get(c), max);
                assertTrue(FACES.get(c) + ": max abs difference " + max, max <= TOLERANCE);
                assertLooksLikeAFace(FACES.get(c), onnx);
                worst = Math.max(worst, max);
            }
            System.out.printf("[equivalence] %d crops, worst coordinate difference %.2e (tolerance %.0e)%n",
                    crops.size(), worst, TOLERANCE);
        }
    }

    /** iBUG 68: eyes 36-41 and 42-47, nose tip 30, mouth 48-67; image left = the person's right eye. */
    private static void assertLooksLikeAFace(String face, float[] p) {
        double[] rightEye = mean(p, 36, 41);
        double[] leftEye = mean(p, 42, 47);
        double[] mouth = mean(p, 48, 67);
        double noseY = p[2 * 30 + 1];
        assertTrue(face + ": eyes in image order", rightEye[0] < leftEye[0]);
        assertTrue(face + ": eyes above the nose tip", Math.max(rightEye[1], leftEye[1]) < noseY);
        assertTrue(face + ": nose tip above the mouth", noseY < mouth[1]);
        for (float v : p) {
            assertTrue(face + ": point outside the crop: " + v, v > -0.1 && v < 1.1);
        }
    }

    private static double[] mean(float[] p, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i <= to; i++) {
            x += p[2 * i];
            y += p[2 * i + 1];
        }
        return new double[] {x / (to - from + 1), y / (to - from + 1)};
    }

    private static float[] landmarks(OrtEnvironment env, OrtSession session, byte[] rgb) throws Exception {
        int plane = SIZE * SIZE;
        float[] chw = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int ch = 0; ch < 3; ch++) {
                chw[ch * plane + p] = (float) (((rgb[p * 3 + ch] & 0xff) - FaceApiResnetEquivalenceTest.MEAN_RGB[ch]) / 255.0);
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, SIZE, SIZE});
             OrtSession.Result result = session.run(Map.of(FaceApiLandmarks68.INPUT, tensor))) {
            return ((float[][]) result.get(0).getValue())[0];
        }
    }
}
