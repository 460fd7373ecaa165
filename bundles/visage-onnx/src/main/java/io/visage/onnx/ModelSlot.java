package io.visage.onnx;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import ai.onnxruntime.OrtException;
import io.visage.api.model.ModelService;

/**
 * The model a consumer component uses now. Its dynamic greedy reference calls {@link #bind} and
 * {@link #unbind}: a new model's session is opened before the old one is retired, so requests switch over
 * without a gap, and requests in flight keep their lease on the old session.
 */
public final class ModelSlot {

    private final OnnxSessions sessions;
    private final AtomicReference<ModelSession> current = new AtomicReference<>();

    public ModelSlot(OnnxSessions sessions) {
        this.sessions = sessions;
    }

    /** Opens the model's session and makes it current; the previous one is retired. */
    public void bind(ModelService model) throws IOException, OrtException {
        ModelSession opened = sessions.open(model);
        ModelSession previous = current.getAndSet(opened);
        if (previous != null) {
            previous.retire();
        }
    }

    /** Retires the model's session when it is the current one. */
    public void unbind(ModelService model) {
        ModelSession session = current.get();
        if (session != null && session.source() == model && current.compareAndSet(session, null)) {
            session.retire();
        }
    }

    /** A lease on the current session; empty when no model is bound. */
    public Optional<ModelSession.Lease> acquire() {
        while (true) {
            ModelSession session = current.get();
            if (session == null) {
                return Optional.empty();
            }
            ModelSession.Lease lease = session.tryAcquire();
            if (lease != null) {
                return Optional.of(lease);
            }
        }
    }

    /** Retires whatever is current (component deactivation). */
    public void clear() {
        ModelSession session = current.getAndSet(null);
        if (session != null) {
            session.retire();
        }
    }
}
