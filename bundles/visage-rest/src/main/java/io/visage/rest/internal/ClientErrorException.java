package io.visage.rest.internal;

/** A request the REST layer itself cannot read (its parameters, its body), with the seed's status and message. */
final class ClientErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ClientErrorException(int status, String message) {
        super(message);
        this.status = status;
    }

    ClientErrorException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    int status() {
        return status;
    }
}
