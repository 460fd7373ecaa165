package io.visage.model.converter;

import static io.visage.model.converter.OnnxGraph.ints;

import java.util.List;

import io.visage.model.converter.OnnxGraph.Value;
import io.visage.model.converter.TfjsWeights.Tensor;
import io.visage.model.converter.onnx.Onnx.ModelProto;

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
    static final int OPSET = OnnxGraph.OPSET;

    private final TfjsWeights weights;
    private final OnnxGraph graph;

    private FaceApiResnet(TfjsWeights weights) {
        this.weights = weights;
        this.graph = new OnnxGraph("faceapi_resnet34", weights);
    }

    /** Builds the model; {@code metadata} pairs (key, value, ...) go into the model's metadata_props. */
    public static ModelProto build(TfjsWeights weights, String producerVersion, String... metadata) {
        FaceApiResnet builder = new FaceApiResnet(weights);
        builder.network();
        return builder.graph.model(producerVersion, "face-api (@vladmandic/face-api, MIT) ResNet-34 face descriptor, "
                + "converted from its TF.js weights; input (RGB - (122.782, 117.001, 104.298)) / 255, NCHW 150x150 dlib crop",
                metadata);
    }

    private void network() {
        graph.input(INPUT, 1, 3, INPUT_SIZE, INPUT_SIZE);
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

        String mean = graph.node("ReduceMean", List.of(x.name()), List.of(ints("axes", 2, 3), OnnxGraph.integer("keepdims", 0)));
        Tensor fc = weights.get("fc", 2);
        if (fc.shape()[0] != x.channels() || fc.shape()[1] != DESCRIPTOR_SIZE) {
            throw new IllegalArgumentException("fc has shape " + fc + ", expected [" + x.channels() + "," + DESCRIPTOR_SIZE + "]");
        }
        String fcName = graph.initializer("fc", fc.shape(), fc.values());
        graph.namedNode("MatMul", "fc", List.of(mean, fcName), OUTPUT);
        graph.output(OUTPUT, 1, DESCRIPTOR_SIZE);
    }

    private Value residual(Value x, String prefix) {
        Value out = conv(x, prefix + "/conv1", 1, true, true);
        out = conv(out, prefix + "/conv2", 1, true, false);
        if (out.channels() != x.channels() || out.height() != x.height() || out.width() != x.width()) {
            throw new IllegalStateException(prefix + ": residual shapes differ");
        }
        String sum = graph.node("Add", List.of(out.name(), x.name()), List.of());
        return new Value(graph.node("Relu", List.of(sum), List.of()), x.channels(), x.height(), x.width());
    }

    private Value residualDown(Value x, String prefix) {
        Value out = conv(x, prefix + "/conv1", 2, false, true);
        out = conv(out, prefix + "/conv2", 1, true, false);
        String pooledName = graph.node("AveragePool", List.of(x.name()), List.of(ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
        Value pooled = new Value(pooledName, x.channels(), x.height() / 2, x.width() / 2);
        if (pooled.height() != out.height() || pooled.width() != out.width()) {
            // face-api appends one zero row, then one zero column, to the main path.
            String padded = graph.pad(out.name(), prefix + "/pad_hw", new long[] {0, 0, 0, 0, 0, 0, 1, 1});
            out = new Value(padded, out.channels(), out.height() + 1, out.width() + 1);
        }
        if (pooled.channels() != out.channels()) {
            String padded = graph.pad(pooled.name(), prefix + "/pad_c",
                    new long[] {0, 0, 0, 0, 0, out.channels() - pooled.channels(), 0, 0});
            pooled = new Value(padded, out.channels(), pooled.height(), pooled.width());
        }
        if (pooled.height() != out.height() || pooled.width() != out.width()) {
            throw new IllegalStateException(prefix + ": shortcut " + pooled + " does not fit " + out);
        }
        String sum = graph.node("Add", List.of(pooled.name(), out.name()), List.of());
        return new Value(graph.node("Relu", List.of(sum), List.of()), out.channels(), out.height(), out.width());
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
        String w = graph.initializer(prefix + "/conv/filters", new int[] {out, in, kh, kw}, OnnxGraph.hwioToOihw(filters.values(), kh, kw, in, out));
        String b = graph.initializer(prefix + "/conv/bias", new int[] {out}, graph.vector(prefix + "/conv/bias", out));
        int ph = same ? kh / 2 : 0;
        int pw = same ? kw / 2 : 0;
        String conv = graph.node("Conv", List.of(x.name(), w, b), List.of(ints("kernel_shape", kh, kw),
                ints("strides", stride, stride), ints("pads", ph, pw, ph, pw), ints("dilations", 1, 1)));
        int[] perChannel = {1, out, 1, 1};
        String scaled = graph.node("Mul", List.of(conv, graph.initializer(prefix + "/scale/weights", perChannel,
                graph.vector(prefix + "/scale/weights", out))), List.of());
        String shifted = graph.node("Add", List.of(scaled, graph.initializer(prefix + "/scale/biases", perChannel,
                graph.vector(prefix + "/scale/biases", out))), List.of());
        String result = relu ? graph.node("Relu", List.of(shifted), List.of()) : shifted;
        int h = (x.height() + 2 * ph - kh) / stride + 1;
        int wd = (x.width() + 2 * pw - kw) / stride + 1;
        return new Value(result, out, h, wd);
    }

    private Value maxPool(Value x) {
        String pooled = graph.node("MaxPool", List.of(x.name()), List.of(ints("kernel_shape", 3, 3), ints("strides", 2, 2)));
        return new Value(pooled, x.channels(), (x.height() - 3) / 2 + 1, (x.width() - 3) / 2 + 1);
    }
}
