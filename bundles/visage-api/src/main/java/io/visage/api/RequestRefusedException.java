package io.visage.api;

import java.util.List;
import java.util.Objects;

/**
 * A request a use case refuses, for a {@link Refusal} the client is told about; nothing was changed. The
 * message is for logs; clients get the wording the REST layer gives the refusal.
 */
public class RequestRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Refusal refusal;
    private final List<Object> details;

    public RequestRefusedException(Refusal refusal, Object... details) {
        super(refusal + (details.length == 0 ? "" : " " + List.of(details)));
        this.refusal = Objects.requireNonNull(refusal, "refusal");
        this.details = List.of(details);
    }

    public Refusal refusal() {
        return refusal;
    }

    /** What the refusal is about (a user reference, a group name, a limit), in the order its constant says. */
    public List<Object> details() {
        return details;
    }
}
