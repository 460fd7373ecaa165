package io.visage.model.converter;

import static io.visage.model.converter.OnnxGraph.ints;

import java.util.List;

import io.visage.model.converter.OnnxGraph.Value;
import io.visage.model.converter.TfjsWeights.Tensor;
import io.visage.model.converter.onnx.Onnx.ModelProto;

/**
 * face-api's 68-point landmark net ({@code FaceLandmark68Net}) as an ONNX graph, from its TF.js weights.
 *
 * <p>The topology lives in face-api's source: four dense blocks (32, 64, 128, 256 channels), each halving the
 * size, then a 7x7/2 'valid' average pool and a fully connected layer to 136 values. A dense block is
 * {@code out1 = relu(conv0(x))} (a plain 3x3/2 conv + bias in the first block, a depthwise-separable one in the
 * others), then three depthwise-separable 3x3/1 convs {@code out2..out4} on the running sums:
 * {@code out2 = c1(out1)}, {@code out3 = c2(relu(out1 + out2))}, {@code out4 = c3(relu(out1 + out2 + out3))},
 * result {@code relu(out1 + out2 + out3 + out4)}. A separable conv is depthwise 3x3 (no bias), pointwise 1x1,
 * then the bias. TF's 'same' at stride 2 on an even size pads one row and column at the end only.
 *
 * <p>Input {@code input} [1,3,112,112] NCHW, (R,G,B − (122.782, 117.001, 104.298)) / 255, of the face's square.
 * Output {@code landmarks} [1,136]: x0, y0, x1, y1, … of the iBUG 68 points in units of that square.
 */
public final class FaceApiLandmarks68 {

    public static final int INPUT_SIZE = 112;
    public static final int POINTS = 68;
    public static final String INPUT = "input";
    public static final String OUTPUT = "landmarks";

    private final OnnxGraph graph;

    private FaceApiLandmarks68(TfjsWeights weights) {
        this.graph = new OnnxGraph("faceapi_landmark68", weights);
    }

    /** Builds the model; {@code metadata} pairs (key, value, ...) go into the model's metadata_props. */
    public static ModelProto build(TfjsWeights weights, String producerVersion, String... metadata) {
        FaceApiLandmarks68 builder = new FaceApiLandmarks68(weights);
        builder.network();
        return builder.graph.model(producerVersion, "face-api (@vladmandic/face-api, MIT) 68-point face landmark net, "
                + "converted from its TF.js weights; input (RGB - (122.782, 117.001, 104.298)) / 255, NCHW 112x112 "
                + "square around the face; output 68 (x, y) in units of the square", metadata);
    }

    private void network() {
        graph.input(INPUT, 1, 3, INPUT_SIZE, INPUT_SIZE);
        Value x = new Value(INPUT, 3, INPUT_SIZE, INPUT_SIZE);
        for (int block = 0; block < 4; block++) {
            x = denseBlock(x, "dense" + block, block == 0);
        }
        if (x.height() != 7 || x.width() != 7) {
            throw new IllegalStateException("dense blocks end at " + x + ", expected 7x7");
        }
        String pooled = graph.node("AveragePool", List.of(x.name()),
                List.of(ints("kernel_shape", 7, 7), ints("strides", 2, 2)));
        String flat = graph.node("Flatten", List.of(pooled), List.of(OnnxGraph.integer("axis", 1)));
        Tensor fc = graph.weights.get("fc/weights", 2);
        if (fc.shape()[0] != x.channels() || fc.shape()[1] != 2 * POINTS) {
            throw new IllegalArgumentException("fc/weights has shape " + fc + ", expected [" + x.channels() + ","
                    + 2 * POINTS + "]");
        }
        String product = graph.node("MatMul", List.of(flat, graph.initializer("fc/weights", fc.shape(), fc.values())),
                List.of());
        String bias = graph.initializer("fc/bias", new int[] {2 * POINTS}, graph.vector("fc/bias", 2 * POINTS));
        graph.namedNode("Add", "fc", List.of(product, bias), OUTPUT);
        graph.output(OUTPUT, 1, 2 * POINTS);
    }

    private Value denseBlock(Value x, String prefix, boolean first) {
        Value out1 = relu(first ? conv(x, prefix + "/conv0") : separable(x, prefix + "/conv0", 2));
        Value out2 = separable(out1, prefix + "/conv1", 1);
        Value out3 = separable(relu(add(out1, out2)), prefix + "/conv2", 1);
        Value out4 = separable(relu(add(out1, add(out2, out3))), prefix + "/conv3", 1);
        return relu(add(out1, add(out2, add(out3, out4))));
    }

    /** The first block's plain 3x3/2 'same' conv + bias. */
    private Value conv(Value x, String prefix) {
        Tensor filters = graph.weights.get(prefix + "/filters", 4);
        int[] hwio = filters.shape();
        checkKernel(prefix, hwio, x.channels());
        int out = hwio[3];
        String w = graph.initializer(prefix + "/filters", new int[] {out, x.channels(), 3, 3},
                OnnxGraph.hwioToOihw(filters.values(), 3, 3, x.channels(), out));
        String b = graph.initializer(prefix + "/bias", new int[] {out}, graph.vector(prefix + "/bias", out));
        return conv3x3(x, List.of(x.name(), w, b), out, 2, 1);
    }

    /** Depthwise 3x3 at {@code stride} (TF 'same'), pointwise 1x1, + bias. */
    private Value separable(Value x, String prefix, int stride) {
        Tensor depthwise = graph.weights.get(prefix + "/depthwise_filter", 4);
        checkKernel(prefix, depthwise.shape(), x.channels());
        if (depthwise.shape()[3] != 1) {
            throw new IllegalArgumentException(prefix + ": depth multiplier " + depthwise.shape()[3] + ", expected 1");
        }
        int c = x.channels();
        // [3,3,C,1] (HW, channel, multiplier) -> [C,1,3,3]: the HWIO reorder with in = C, out = 1.
        String dw = graph.initializer(prefix + "/depthwise_filter", new int[] {c, 1, 3, 3},
                OnnxGraph.hwioToOihw(depthwise.values(), 3, 3, c, 1));
        Value spatial = conv3x3(x, List.of(x.name(), dw), c, stride, c);
        Tensor pointwise = graph.weights.get(prefix + "/pointwise_filter", 4);
        int out = pointwise.shape()[3];
        if (pointwise.shape()[0] != 1 || pointwise.shape()[1] != 1 || pointwise.shape()[2] != c) {
            throw new IllegalArgumentException(prefix + ": pointwise filter " + pointwise + " does not fit " + c);
        }
        String pw = graph.initializer(prefix + "/pointwise_filter", new int[] {out, c, 1, 1},
                OnnxGraph.hwioToOihw(pointwise.values(), 1, 1, c, out));
        String b = graph.initializer(prefix + "/bias", new int[] {out}, graph.vector(prefix + "/bias", out));
        String mixed = graph.node("Conv", List.of(spatial.name(), pw, b), List.of(ints("kernel_shape", 1, 1),
                ints("strides", 1, 1), ints("pads", 0, 0, 0, 0), ints("dilations", 1, 1)));
        return new Value(mixed, out, spatial.height(), spatial.width());
    }

    /** A 3x3 conv with TF's 'same' padding: at stride 1 one each side; at stride 2 on even sizes one at the end. */
    private Value conv3x3(Value x, List<String> inputs, int out, int stride, int group) {
        int h = (x.height() + stride - 1) / stride;
        int w = (x.width() + stride - 1) / stride;
        int padH = Math.max((h - 1) * stride + 3 - x.height(), 0);
        int padW = Math.max((w - 1) * stride + 3 - x.width(), 0);
        String conv = graph.node("Conv", inputs, List.of(ints("kernel_shape", 3, 3), ints("strides", stride, stride),
                ints("pads", padH / 2, padW / 2, padH - padH / 2, padW - padW / 2), ints("dilations", 1, 1),
                OnnxGraph.integer("group", group)));
        return new Value(conv, out, h, w);
    }

    private static void checkKernel(String prefix, int[] hwio, int channels) {
        if (hwio[0] != 3 || hwio[1] != 3 || hwio[2] != channels) {
            throw new IllegalArgumentException(prefix + ": filter " + java.util.Arrays.toString(hwio)
                    + " is not 3x3 over " + channels + " channels");
        }
    }

    private Value add(Value a, Value b) {
        return new Value(graph.node("Add", List.of(a.name(), b.name()), List.of()), a.channels(), a.height(), a.width());
    }

    private Value relu(Value x) {
        return new Value(graph.node("Relu", List.of(x.name()), List.of()), x.channels(), x.height(), x.width());
    }
}
