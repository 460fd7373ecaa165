package io.visage.model.converter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The weights of a TF.js layers-free model: a weights manifest (JSON) and its binary shard(s), tensors
 * concatenated in manifest order, little endian. Quantised tensors are dequantised as TF.js does
 * ({@code value = q * scale + min} for uint8/uint16 affine quantisation).
 */
public final class TfjsWeights {

    /** A dense float tensor in the layout the manifest declares (TF.js: filters HWIO). */
    public record Tensor(String name, int[] shape, float[] values) {
        public int size() {
            return values.length;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    private final Map<String, Tensor> tensors;

    private TfjsWeights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Parses the manifest and reads the tensors from {@code weights}, the concatenated shard(s). */
    public static TfjsWeights read(byte[] manifestJson, byte[] weights) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(manifestJson);
        ByteBuffer data = ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            for (JsonNode entry : group.get("weights")) {
                Tensor t = tensor(entry, data);
                if (tensors.put(t.name(), t) != null) {
                    throw new IOException("tensor " + t.name() + " listed twice in the manifest");
                }
            }
        }
        if (data.hasRemaining()) {
            throw new IOException(data.remaining() + " bytes of the weights file are not described by the manifest");
        }
        return new TfjsWeights(tensors);
    }

    private static Tensor tensor(JsonNode entry, ByteBuffer data) throws IOException {
        String name = entry.get("name").asText();
        JsonNode shapeNode = entry.get("shape");
        int[] shape = new int[shapeNode.size()];
        int size = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            size *= shape[i];
        }
        String dtype = entry.get("dtype").asText();
        if (!"float32".equals(dtype)) {
            throw new IOException(name + ": dtype " + dtype + " is not supported (float32 only)");
        }
        float[] values = new float[size];
        JsonNode quantization = entry.get("quantization");
        try {
            if (quantization == null) {
                for (int i = 0; i < size; i++) {
                    values[i] = data.getFloat();
                }
            } else {
                String stored = quantization.get("dtype").asText();
                if (!quantization.has("scale") || !quantization.has("min")) {
                    throw new IOException(name + ": only affine (scale/min) quantisation is supported");
                }
                double scale = quantization.get("scale").asDouble();
                double min = quantization.get("min").asDouble();
                for (int i = 0; i < size; i++) {
                    int q = switch (stored) {
                        case "uint8" -> Byte.toUnsignedInt(data.get());
                        case "uint16" -> Short.toUnsignedInt(data.getShort());
                        default -> throw new IOException(name + ": quantisation dtype " + stored + " is not supported");
                    };
                    // TF.js computes this in float32 (Float32Array of v * scale + min).
                    values[i] = (float) (q * scale + min);
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("weights file too short for " + name, e);
        }
        return new Tensor(name, shape, values);
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The named tensor; fails when the manifest lacks it or its rank differs. */
    public Tensor get(String name, int rank) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("weights lack " + name);
        }
        if (t.shape().length != rank) {
            throw new IllegalArgumentException(name + " has rank " + t.shape().length + ", expected " + rank);
        }
        return t;
    }

    public int parameterCount() {
        return tensors.values().stream().mapToInt(Tensor::size).sum();
    }
}
