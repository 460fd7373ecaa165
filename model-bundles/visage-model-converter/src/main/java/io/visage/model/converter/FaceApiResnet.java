package io.visage.model.converter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;

import io.visage.model.converter.TfjsWeights.Tensor;
import io.visage.model.converter.onnx.Onnx.AttributeProto;
import io.visage.model.converter.onnx.Onnx.GraphProto;
import io.visage.model.converter.onnx.Onnx.ModelProto;
import io.visage.model.converter.onnx.Onnx.NodeProto;
import io.visage.model.converter.onnx.Onnx.OperatorSetIdProto;
import io.visage.model.converter.onnx.Onnx.StringStringEntryProto;
import io.visage.model.converter.onnx.Onnx.TensorProto;
import io.visage.model.converter.onnx.Onnx.TensorShapeProto;
import io.visage.model.converter.onnx.Onnx.TypeProto;
import io.visage.model.converter.onnx.Onnx.ValueInfoProto;

/**
 * face-api's face descriptor (a dlib ResNet-34 variant) as an ONNX graph, from its TF.js weights.
 *
 * <p>The topology is fixed (it lives in face-api's source, not in the weights): conv 7x7/2 'valid' + ReLU,
 * max-pool 3x3/2 'valid', residual blocks at 32, 64, 128 and 256 channels with down blocks between them, a
 * final down block, global mean over H and W, MatMul with {@code fc}. Every conv is conv + bias, then a
 * per-channel scale (mul + add), then ReLU where the block has one. Down blocks: conv 3x3/2 'valid' + ReLU,
 * conv 3x3/1 'same'; shortcut = avg-pool 2x2/2 'valid' with zero channels appended when the width differs;
 * one zero row (bottom) and column (right) appended to the main path when the spatial size differs.
 *
 * <p>Input {@code input} [1,3,150,150] NCHW, already normalised: (R,G,B − (122.782, 117.001, 104.298)) / 255.
 * Output {@code descriptor} [1,128], not normalised (face-api compares Euclidean distances of it).
 */
public final class FaceApiResnet {

    public static final int INPUT_SIZE = 150;
    public static final int DESCRIPTOR_SIZE = 128;
    public static final String INPUT = "input";
    public static final String OUTPUT = "descriptor";
    static final int OPSET = 13;
    static final int IR_VERSION = 8;

    /** A value in the graph with its static NCHW shape (batch 1). */
    private record Value(String name, int channels, int height, int width) {
    }

    private final TfjsWeights weights;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("faceapi_resnet34");
    private int nodes;

    private FaceApiResnet(TfjsWeights weights) {
        this.weights = weights;
    }

    /** Builds the model; {@code metadata} pairs (key, value, ...) go into the model's metadata_props. */
    public static ModelProto build(TfjsWeights weights, String producerVersion, String... metadata) {
        FaceApiResnet builder = new FaceApiResnet(weights);
        builder.network();
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("visage-model-converter")
                .setProducerVersion(producerVersion)
                .setDocString("face-api (@vladmandic/face-api, MIT) ResNet-34 face descriptor, converted from its "
                        + "TF.js weights; input (RGB - (122.782, 117.001, 104.298)) / 255, NCHW 150x150 dlib crop")
                .setGraph(builder.graph);
        for (int i = 0; i + 1 < metadata.length; i += 2) {
            model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(metadata[i]).setValue(metadata[i + 1]));
        }
        return model.build();
    }

    private void network() {
        graph.addInput(valueInfo(INPUT, 1, 3, INPUT_SIZE, INPUT_SIZE));
        Value x = new Value(INPUT, 3, INPUT_SIZE, INPUT_SIZE);
        x = conv(x, "conv32_down", 2, false, true);
        x = maxPool(x);
        for (String block : List.of("conv32_1", "conv32_2", "conv32_3")) {
            x = residual(x, block);
        }
        x = residualDown(x, "conv64_down");
        for (String block : List.of("conv64_1", "conv64_2", "conv64_3")) {
            x = residual(x, block);
        }
        x = residualDown(x, "conv128_down");
        for (String block : List.of("conv128_1", "conv128_2")) {
            x = residual(x, block);
        }
        x = residualDown(x, "conv256_down");
        for (String block : List.of("conv256_1", "conv256_2")) {
            x = residual(x, block);
        }
        x = residualDown(x, "conv256_down_out");

        String mean = node("ReduceMean", List.of(x.name()), List.of(
                ints("axes", 2, 3), AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT).setI(0).build()));
        Tensor fc = weights.get("fc", 2);
        if (fc.shape()[0] != x.channels() || fc.shape()[1] != DESCRIPTOR_SIZE) {
            throw new IllegalArgumentException("fc has shape " + fc + ", expected [" + x.channels() + "," + DESCRIPTOR_SIZE + "]");
        }
        String fcName = initializer("fc", fc.shape(), fc.values());
        graph.addNode(NodeProto.newBuilder().setOpType("MatMul").setName("fc").addInput(mean).addInput(fcName).addOutput(OUTPUT));
        graph.addOutput(valueInfo(OUTPUT, 1, DESCRIPTOR_SIZE));
    }

    private Value residual(Value x, String prefix) {
        Value out = conv(x, prefix + "/conv1", 1, true, true);
        out = conv(out, prefix + "/conv2", 1, true, false);
        if (out.channels() != x.channels() || out.height() != x.height() || out.width() != x.width()) {
            throw new IllegalStateException(prefix + ": residual shapes differ");
        }
        String sum = node("Add", List.of(out.name(), x.name()), List.of());
        return new Value(node("Relu", List.of(sum), List.of()), x.channels(), x.height(), x.width());
    }

    private Value residualDown(Value x, String prefix) {
        Value out = conv(x, prefix + "/conv1", 2, false, true);
        out = conv(out, prefix + "/conv2", 1, true, false);
        String pooledName = node("AveragePool", List.of(x.name()), List.of(ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
        Value pooled = new Value(pooledName, x.channels(), x.height() / 2, x.width() / 2);
        if (pooled.height() != out.height() || pooled.width() != out.width()) {
            // face-api appends one zero row, then one zero column, to the main path.
            String padded = pad(out.name(), prefix + "/pad_hw", new long[] {0, 0, 0, 0, 0, 0, 1, 1});
            out = new Value(padded, out.channels(), out.height() + 1, out.width() + 1);
        }
        if (pooled.channels() != out.channels()) {
            String padded = pad(pooled.name(), prefix + "/pad_c",
                    new long[] {0, 0, 0, 0, 0, out.channels() - pooled.channels(), 0, 0});
            pooled = new Value(padded, out.channels(), pooled.height(), pooled.width());
        }
        if (pooled.height() != out.height() || pooled.width() != out.width()) {
            throw new IllegalStateException(prefix + ": shortcut " + pooled + " does not fit " + out);
        }
        String sum = node("Add", List.of(pooled.name(), out.name()), List.of());
        return new Value(node("Relu", List.of(sum), List.of()), out.channels(), out.height(), out.width());
    }

    /** conv + bias, per-channel scale (mul + add), optional ReLU. TF.js 'same' for a 3x3/1 conv pads 1 each side. */
    private Value conv(Value x, String prefix, int stride, boolean same, boolean relu) {
        Tensor filters = weights.get(prefix + "/conv/filters", 4);
        int[] hwio = filters.shape();
        int kh = hwio[0];
        int kw = hwio[1];
        int in = hwio[2];
        int out = hwio[3];
        if (in != x.channels()) {
            throw new IllegalArgumentException(prefix + ": filters " + filters + " do not fit " + x.channels() + " input channels");
        }
        if (same && (stride != 1 || kh % 2 == 0 || kw % 2 == 0)) {
            throw new IllegalArgumentException(prefix + ": 'same' is only converted for odd kernels at stride 1");
        }
        String w = initializer(prefix + "/conv/filters", new int[] {out, in, kh, kw}, hwioToOihw(filters.values(), kh, kw, in, out));
        String b = initializer(prefix + "/conv/bias", new int[] {out}, vector(prefix + "/conv/bias", out));
        int ph = same ? kh / 2 : 0;
        int pw = same ? kw / 2 : 0;
        String conv = node("Conv", List.of(x.name(), w, b), List.of(ints("kernel_shape", kh, kw),
                ints("strides", stride, stride), ints("pads", ph, pw, ph, pw), ints("dilations", 1, 1)));
        int[] perChannel = {1, out, 1, 1};
        String scaled = node("Mul", List.of(conv, initializer(prefix + "/scale/weights", perChannel,
                vector(prefix + "/scale/weights", out))), List.of());
        String shifted = node("Add", List.of(scaled, initializer(prefix + "/scale/biases", perChannel,
                vector(prefix + "/scale/biases", out))), List.of());
        String result = relu ? node("Relu", List.of(shifted), List.of()) : shifted;
        int h = (x.height() + 2 * ph - kh) / stride + 1;
        int wd = (x.width() + 2 * pw - kw) / stride + 1;
        return new Value(result, out, h, wd);
    }

    private Value maxPool(Value x) {
        String pooled = node("MaxPool", List.of(x.name()), List.of(ints("kernel_shape", 3, 3), ints("strides", 2, 2)));
        return new Value(pooled, x.channels(), (x.height() - 3) / 2 + 1, (x.width() - 3) / 2 + 1);
    }

    private String pad(String input, String name, long[] pads) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(pads.length);
        for (long p : pads) {
            t.addInt64Data(p);
        }
        graph.addInitializer(t);
        return node("Pad", List.of(input, name), List.of());
    }

    private float[] vector(String name, int length) {
        Tensor t = weights.get(name, 1);
        if (t.shape()[0] != length) {
            throw new IllegalArgumentException(name + " has " + t.shape()[0] + " values, expected " + length);
        }
        return t.values();
    }

    static float[] hwioToOihw(float[] hwio, int kh, int kw, int in, int out) {
        float[] oihw = new float[hwio.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        oihw[((o * in + i) * kh + y) * kw + x] = hwio[((y * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return oihw;
    }

    private String initializer(String name, int[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    private String node(String op, List<String> inputs, List<AttributeProto> attributes) {
        String name = op.toLowerCase() + "_" + (nodes++);
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name)
                .addAllAttribute(attributes));
        return name;
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static ValueInfoProto valueInfo(String name, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** Names of the weights the graph uses, to check that the conversion used every tensor of the manifest. */
    static List<String> initializerNames(ModelProto model) {
        List<String> names = new ArrayList<>();
        model.getGraph().getInitializerList().forEach(t -> names.add(t.getName()));
        return names;
    }
}
