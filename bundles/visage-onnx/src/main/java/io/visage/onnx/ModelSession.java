package io.visage.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;

/**
 * One inference session of one model service. Requests {@linkplain #tryAcquire() lease} it; once
 * {@linkplain #retire() retired} (the model service went away) it takes no new leases and closes the
 * native session when the last lease is returned, so requests in flight finish on it.
 *
 * <p>Inputs are copied into direct buffers the session keeps for the next run (one per run in flight at most):
 * ONNX Runtime would otherwise copy every input from the Java heap into a new direct buffer of its own, which only
 * a garbage collection frees (about 1 MB per detection: a steady churn of large native blocks, freed late and on
 * another thread, that fragments malloc's arenas).
 */
public final class ModelSession {

    private final ModelService source;
    private final ModelDescriptor descriptor;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ConcurrentLinkedDeque<FloatBuffer> inputBuffers = new ConcurrentLinkedDeque<>();
    private int leases;
    private boolean retired;
    private boolean closed;

    public ModelSession(ModelService source, ModelDescriptor descriptor, OrtEnvironment environment,
                        OrtSession session) {
        this.source = source;
        this.environment = environment;
        this.descriptor = descriptor;
        this.session = session;
    }

    public ModelService source() {
        return source;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** A lease on the session, or {@code null} when it is retired. */
    public synchronized Lease tryAcquire() {
        if (retired) {
            return null;
        }
        leases++;
        return new Lease();
    }

    /** No new leases; the native session closes now or when the last lease is returned. */
    public synchronized void retire() {
        retired = true;
        closeIfUnused();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private synchronized void release() {
        leases--;
        closeIfUnused();
    }

    /** A direct buffer of the native byte order for {@code length} floats: one kept from an earlier run, or new. */
    private FloatBuffer inputBuffer(int length) {
        FloatBuffer buffer = inputBuffers.pollFirst();
        if (buffer == null || buffer.capacity() < length) {
            buffer = ByteBuffer.allocateDirect(Math.multiplyExact(length, Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
        buffer.clear().limit(length);
        return buffer;
    }

    private void closeIfUnused() {
        if (retired && leases == 0 && !closed) {
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("closing the session of " + descriptor.id() + " failed", e);
            }
        }
    }

    /** A request's use of the session; return it with {@link #close()}. */
    public final class Lease implements AutoCloseable {

        private boolean returned;

        private Lease() {
        }

        public OrtSession session() {
            return session;
        }

        public ModelDescriptor descriptor() {
            return descriptor;
        }

        /** The environment to create input tensors in. */
        public OrtEnvironment environment() {
            return environment;
        }

        /**
         * Runs the model on one float input and copies every output out, by name in the model's output
         * order; the input tensor and the native results are released before this returns.
         */
        public Map<String, float[]> run(float[] input, long[] shape) throws OrtException {
            FloatBuffer direct = inputBuffer(input.length);
            direct.put(input).flip();
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, direct, shape);
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
                Map<String, float[]> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> output : result) {
                    FloatBuffer buffer = ((OnnxTensor) output.getValue()).getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    outputs.put(output.getKey(), values);
                }
                return outputs;
            } finally {
                inputBuffers.offerFirst(direct); // the tensor over it is closed: free for the next run
            }
        }

        /** {@link #run} for models with one output (or when only the first one matters). */
        public float[] runFirst(float[] input, long[] shape) throws OrtException {
            return run(input, shape).values().iterator().next();
        }

        @Override
        public void close() {
            synchronized (ModelSession.this) {
                if (returned) {
                    return;
                }
                returned = true;
            }
            release();
        }
    }
}
