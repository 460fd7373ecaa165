package io.visage.model.converter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * ONNX Runtime on the converted model vs face-api's own code under TF.js (wasm backend, from the npm registry)
 * on real face crops of the shared data: every descriptor component within 1e-3.
 */
public class FaceApiResnetEquivalenceTest {

    static final String TFJS_VERSION = "4.22.0";
    static final double TOLERANCE = 1e-3;
    static final double[] MEAN_RGB = {122.782, 117.001, 104.298};
    /** Tight 150 px crops as face-api expects them, and larger photos padded to a square and resized. */
    static final List<String> FACES = List.of("faces/bbt_amy/faceapi__amy1.png", "faces/bbt_penny/faceapi__penny1.png",
            "faces/bbt_howard/faceapi__howard1.png", "faces/fr_obama/facerec__obama.jpg",
            "faces/df_a/deepface__img1.jpg", "faces/fr_rose_leslie/facerec__rose_img2.jpg");

    @Test
    public void onnxRuntimeMatchesFaceApiUnderTfjs() throws Exception {
        Path data = dataDir();
        Path work = Path.of("target", "equivalence").toAbsolutePath();
        Files.createDirectories(work);
        nu.pattern.OpenCV.loadLocally();
        List<byte[]> crops = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (String face : FACES) {
            byte[] rgb = squareCrop(data.resolve(face), 150);
            Path file = work.resolve(Path.of(face).getFileName() + ".rgb");
            Files.write(file, rgb);
            crops.add(rgb);
            files.add(file.toString());
        }
        JsonNode reference = reference(files, work.resolve("reference.json"));
        assertEquals("wasm", reference.get("backend").asText());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double worst = 0;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(ConvertedModel.path().toString(), options)) {
            for (int c = 0; c < crops.size(); c++) {
                float[] onnx = descriptor(env, session, crops.get(c));
                JsonNode expected = reference.get("descriptors").get(c);
                assertEquals(128, expected.size());
                double max = 0;
                for (int i = 0; i < 128; i++) {
                    max = Math.max(max, Math.abs(onnx[i] - expected.get(i).asDouble()));
                }
                System.out.printf("[equivalence] %s: max |onnx - tfjs| = %.2e%n", FACES.get(c), max);
                assertTrue(FACES.get(c) + ": max abs difference " + max, max <= TOLERANCE);
                worst = Math.max(worst, max);
            }
        }
        System.out.printf("[equivalence] %d crops, worst component difference %.2e (tolerance %.0e)%n", crops.size(),
                worst, TOLERANCE);
    }

    /** The converted model's input: (R,G,B − mean) / 255, NCHW, from 150x150 RGB bytes. */
    static float[] descriptor(OrtEnvironment env, OrtSession session, byte[] rgb) throws Exception {
        int plane = 150 * 150;
        float[] chw = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int ch = 0; ch < 3; ch++) {
                chw[ch * plane + p] = (float) (((rgb[p * 3 + ch] & 0xff) - MEAN_RGB[ch]) / 255.0);
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, 150, 150});
             OrtSession.Result result = session.run(Map.of(FaceApiResnet.INPUT, tensor))) {
            return ((float[][]) result.get(0).getValue())[0];
        }
    }

    /** The image padded to a square with black (centred, as face-api pads) and resized to size x size RGB. */
    static byte[] squareCrop(Path image, int size) {
        Mat bgr = Imgcodecs.imread(image.toString(), Imgcodecs.IMREAD_COLOR);
        Mat square = new Mat();
        Mat small = new Mat();
        Mat rgb = new Mat();
        try {
            assertTrue("cannot decode " + image, !bgr.empty());
            int side = Math.max(bgr.cols(), bgr.rows());
            int dx = side - bgr.cols();
            int dy = side - bgr.rows();
            Core.copyMakeBorder(bgr, square, dy / 2, dy - dy / 2, dx / 2, dx - dx / 2, Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
            Imgproc.resize(square, small, new Size(size, size), 0, 0, side > size ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            Imgproc.cvtColor(small, rgb, Imgproc.COLOR_BGR2RGB);
            byte[] bytes = new byte[size * size * 3];
            rgb.get(0, 0, bytes);
            return bytes;
        } finally {
            bgr.release();
            square.release();
            small.release();
            rgb.release();
        }
    }

    static Path dataDir() {
        String dir = System.getProperty("visage.data.dir");
        assumeTrue("shared test images not found (visage.data.dir=" + dir + "); skipping the TF.js equivalence test",
                dir != null && Files.isRegularFile(Path.of(dir, "manifest.csv")));
        return Path.of(dir);
    }

    /** Runs face-api under Node; skips the test (with the reason) when Node or the npm packages are unavailable. */
    private static JsonNode reference(List<String> crops, Path out) throws Exception {
        return reference("faceapi-reference.js", crops, out);
    }

    /** Runs {@code script} (of src/test/node) on the crops under Node with face-api's models; see the class comment. */
    static JsonNode reference(String script, List<String> crops, Path out) throws Exception {
        Path node = ConvertedModel.cacheDir().resolve("tfjs-reference-" + TFJS_VERSION);
        Path faceApi = node.resolve("node_modules/@vladmandic/face-api");
        if (!Files.isDirectory(faceApi.resolve("model")) || !Files.isDirectory(node.resolve("node_modules/@tensorflow/tfjs-backend-wasm"))) {
            Files.createDirectories(node);
            Files.writeString(node.resolve("package.json"), "{\"name\":\"visage-faceapi-reference\",\"private\":true}");
            // face-api from the verified tarball (it has no dependencies of its own); TF.js pinned.
            Path tarball = ConvertedModel.fetcher().tarball();
            Result install = run(node, 600, "npm", "install", "--no-audit", "--no-fund", "--ignore-scripts",
                    "@tensorflow/tfjs@" + TFJS_VERSION, "@tensorflow/tfjs-backend-wasm@" + TFJS_VERSION, tarball.toString());
            assumeTrue("npm install of TF.js " + TFJS_VERSION + " failed; skipping the TF.js equivalence test:\n" + install.log,
                    install.ok);
        }
        Files.copy(Path.of("src/test/node", script), node.resolve(script), StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("node", script, faceApi.resolve("model").toString(),
                out.toString()));
        command.addAll(crops);
        Result result = run(node, 300, command.toArray(String[]::new));
        assumeTrue("node is not available; skipping the TF.js equivalence test:\n" + result.log, result.started);
        assertTrue("face-api under TF.js failed:\n" + result.log, result.ok);
        return new ObjectMapper().readTree(out.toFile());
    }

    private record Result(boolean started, boolean ok, String log) {
    }

    private static Result run(Path dir, int timeoutSeconds, String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(false, false, e.toString());
        }
        try {
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            return new Result(true, finished && process.exitValue() == 0, log);
        } catch (IOException e) {
            return new Result(true, false, e.toString());
        }
    }
}
