package io.visage.api.storage;

/** The database failed; the cause stays in the server log, the client gets a generic error. */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
