package io.visage.api.storage;

/** A unique key (API user name, user reference, group name, ...) already exists. */
public class DuplicateException extends StorageException {
    private static final long serialVersionUID = 1L;

    public DuplicateException(String message, Throwable cause) {
        super(message, cause);
    }
}
