package io.visage.api.template;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An embedding and the model that produced it.
 *
 * <p>Binary form ({@link #toBytes()}), version 1, all integers big-endian:
 * <pre>
 *   4 bytes   magic "VTPL" (0x56 0x54 0x50 0x4C)
 *   1 byte    format version, 1
 *   2+n bytes model name    (unsigned 16-bit length, then n bytes of modified UTF-8 as DataOutput.writeUTF)
 *   2+n bytes model version (same encoding)
 *   4 bytes   dimension d (signed 32-bit, 1..65536)
 *   4*d bytes the vector, IEEE 754 binary32 each
 * </pre>
 * Nothing follows the vector. A reader rejects other magics, versions it does not know, and trailing bytes.
 *
 * <p>The record copies the vector in and out, so it is immutable; equality compares vector contents.
 *
 * @param modelName    embedding model name, e.g. {@code "fr_feature"}
 * @param modelVersion embedding model version
 * @param vector       the embedding (a copy)
 */
public record BiometricTemplate(String modelName, String modelVersion, float[] vector) {

    /** The current binary format version written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;
    static final int MAGIC = 0x5654504C;
    static final int MAX_DIMENSION = 65536;

    public BiometricTemplate {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0 || vector.length > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension out of range: " + vector.length);
        }
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    public int dimension() {
        return vector.length;
    }

    /** {@code name:version}, the key the index partitions by. */
    public String modelKey() {
        return modelName + ":" + modelVersion;
    }

    /** The version-1 binary form described above. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + modelName.length() + modelVersion.length() + 4 * vector.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT_VERSION);
            out.writeUTF(modelName);
            out.writeUTF(modelVersion);
            out.writeInt(vector.length);
            for (float v : vector) {
                out.writeFloat(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads the binary form.
     *
     * @throws IllegalArgumentException when the bytes are not a template of a known format version
     */
    public static BiometricTemplate fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a Visage template");
            }
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported template format version " + version);
            }
            String name = in.readUTF();
            String modelVersion = in.readUTF();
            int dimension = in.readInt();
            if (dimension <= 0 || dimension > MAX_DIMENSION) {
                throw new IllegalArgumentException("dimension out of range: " + dimension);
            }
            float[] vector = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                vector[i] = in.readFloat();
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after template");
            }
            return new BiometricTemplate(name, modelVersion, vector);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated template", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BiometricTemplate t && modelName.equals(t.modelName)
                && modelVersion.equals(t.modelVersion) && Arrays.equals(vector, t.vector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelName, modelVersion, Arrays.hashCode(vector));
    }

    @Override
    public String toString() {
        return "BiometricTemplate[" + modelKey() + ", d=" + vector.length + "]";
    }
}
