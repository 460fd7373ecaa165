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
 * An ONNX graph written node by node from a TF.js model's weights: what every face-api network's conversion
 * needs (float initializers, nodes named by op and position, TF.js's HWIO filters in ONNX's OIHW order). Nodes
 * and initializers are added in call order, so the same calls give the same bytes.
 */
final class OnnxGraph {

    static final int OPSET = 13;
    static final int IR_VERSION = 8;

    /** A value in the graph with its static NCHW shape (batch 1). */
    record Value(String name, int channels, int height, int width) {
    }

    final TfjsWeights weights;
    private final GraphProto.Builder graph;
    private int nodes;

    OnnxGraph(String name, TfjsWeights weights) {
        this.graph = GraphProto.newBuilder().setName(name);
        this.weights = weights;
    }

    /** The finished model; {@code metadata} pairs (key, value, ...) go into its metadata_props. */
    ModelProto model(String producerVersion, String docString, String... metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("visage-model-converter")
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .setGraph(graph);
        for (int i = 0; i + 1 < metadata.length; i += 2) {
            model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(metadata[i]).setValue(metadata[i + 1]));
        }
        return model.build();
    }

    void input(String name, int... dims) {
        graph.addInput(valueInfo(name, dims));
    }

    void output(String name, int... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    /** A node whose single output is named after it. */
    String node(String op, List<String> inputs, List<AttributeProto> attributes) {
        String name = op.toLowerCase() + "_" + (nodes++);
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name)
                .addAllAttribute(attributes));
        return name;
    }

    /** A node whose output has a given name (a graph output). */
    void namedNode(String op, String name, List<String> inputs, String output) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output));
    }

    String initializer(String name, int[] dims, float[] values) {
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

    /** An INT64 initializer (shapes, pads). */
    String longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Zero padding ({@code pads}: begin of every axis, then end of every axis). */
    String pad(String input, String name, long[] pads) {
        return node("Pad", List.of(input, longs(name, pads)), List.of());
    }

    /** The named rank-1 weight, checked to hold {@code length} values. */
    float[] vector(String name, int length) {
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

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
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
