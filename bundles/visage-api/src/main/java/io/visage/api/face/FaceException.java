package io.visage.api.face;

import java.util.Objects;

/**
 * A request-level failure of the face pipeline: its {@link FaceError}, and a {@link #detail()} that says why,
 * for logs only (it never contains image content).
 */
public class FaceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FaceError error;
    private final String detail;

    public FaceException(FaceError error, String detail) {
        this(error, detail, null);
    }

    public FaceException(FaceError error, String detail, Throwable cause) {
        super(Objects.requireNonNull(error, "error") + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause);
        this.error = error;
        this.detail = detail == null ? "" : detail;
    }

    public FaceError error() {
        return error;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return "FaceException[" + error + (detail.isEmpty() ? "" : ": " + detail) + "]";
    }
}
