package io.visage.model.converter;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.visage.model.converter.onnx.Onnx.ModelProto;

public class FaceApiResnetConverterTest {

    @Test
    public void dequantisesAffineUint8AndReadsFloat32InManifestOrder() throws Exception {
        String manifest = "[{\"paths\":[\"x.bin\"],\"weights\":["
                + "{\"name\":\"q\",\"shape\":[3],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":-1}},"
                + "{\"name\":\"f\",\"shape\":[1,2],\"dtype\":\"float32\"}]}]";
        ByteBuffer bin = ByteBuffer.allocate(3 + 8).order(ByteOrder.LITTLE_ENDIAN);
        bin.put((byte) 0).put((byte) 2).put((byte) 255).putFloat(1.25f).putFloat(-3f);
        TfjsWeights w = TfjsWeights.read(manifest.getBytes(StandardCharsets.UTF_8), bin.array());
        assertArrayEquals(new float[] {-1f, 0f, 126.5f}, w.get("q", 1).values(), 0f);
        assertArrayEquals(new float[] {1.25f, -3f}, w.get("f", 2).values(), 0f);
        assertEquals(5, w.parameterCount());
        try {
            TfjsWeights.read(manifest.getBytes(StandardCharsets.UTF_8), new byte[12]);
            fail("trailing bytes accepted");
        } catch (java.io.IOException expected) {
            assertTrue(expected.getMessage().contains("not described"));
        }
    }

    @Test
    public void filtersGoFromHwioToOihw() {
        int kh = 2, kw = 3, in = 2, out = 4;
        float[] hwio = new float[kh * kw * in * out];
        for (int i = 0; i < hwio.length; i++) {
            hwio[i] = i;
        }
        float[] oihw = OnnxGraph.hwioToOihw(hwio, kh, kw, in, out);
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        assertEquals(hwio[((y * kw + x) * in + i) * out + o], oihw[((o * in + i) * kh + y) * kw + x], 0f);
                    }
                }
            }
        }
    }

    @Test
    public void theModelIsCompleteAndDeterministic() throws Exception {
        ModelProto model = ModelProto.parseFrom(ConvertedModel.bytes());
        assertEquals(FaceApiResnet.OPSET, model.getOpsetImport(0).getVersion());
        long parameters = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == 1).mapToLong(t -> t.getRawData().size() / 4).sum();
        // 5.61 M parameters (PLATFORM-NOTES.md): the 117 tensors of the manifest, nothing more, nothing less.
        assertEquals(117, model.getGraph().getInitializerList().stream().filter(t -> t.getDataType() == 1).count());
        assertTrue(parameters + " parameters", parameters > 5_600_000 && parameters < 5_620_000);
        Path again = Path.of("target", "test-model", "again.onnx");
        FaceApiConverter.convert(FaceApiConverter.Net.RESNET34, ConvertedModel.fetcher(), "test", again);
        assertArrayEquals(ConvertedModel.bytes(), Files.readAllBytes(again));
    }

    @Test
    public void onnxRuntimeLoadsAndRunsItOnA150x150Input() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(ConvertedModel.path().toString(), options)) {
                NodeInfo input = session.getInputInfo().get(FaceApiResnet.INPUT);
                assertArrayEquals(new long[] {1, 3, 150, 150}, ((TensorInfo) input.getInfo()).getShape());
                float[] data = new float[3 * 150 * 150];
                Random random = new Random(7);
                for (int i = 0; i < data.length; i++) {
                    data[i] = (random.nextInt(256) - 117f) / 255f;
                }
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {1, 3, 150, 150});
                     OrtSession.Result result = session.run(Map.of(FaceApiResnet.INPUT, tensor))) {
                    float[][] descriptor = (float[][]) result.get(FaceApiResnet.OUTPUT).get().getValue();
                    assertEquals(1, descriptor.length);
                    assertEquals(128, descriptor[0].length);
                    double norm = 0;
                    for (float v : descriptor[0]) {
                        assertTrue(Float.isFinite(v));
                        norm += v * v;
                    }
                    assertTrue("norm " + Math.sqrt(norm), Math.sqrt(norm) > 0.1);
                }
            }
        }
    }
}
