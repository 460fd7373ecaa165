package io.visage.api;

/**
 * A failure the client is told about in the seed's shape: {@code {"status": ..., "message": ...}}.
 * Every stage throws this (or a subclass) for conditions caused by the request, so the REST layer can
 * answer with the exact status and message without knowing which stage failed.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The status the seed gives for this case; also the HTTP status of a top-level error. */
    public int status() {
        return status;
    }
}
