package io.visage.storage.jdbc.internal;

import java.nio.ByteBuffer;

/** Template vectors as stored: float32, big-endian, no header (the model is in its own columns). */
final class Templates {
    private Templates() {
    }

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] decode(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(vector);
        return vector;
    }
}
