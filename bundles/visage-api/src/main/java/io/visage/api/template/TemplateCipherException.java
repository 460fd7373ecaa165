package io.visage.api.template;

/** A protected template could not be decrypted: wrong passphrase, damaged or foreign message. */
public class TemplateCipherException extends Exception {

    private static final long serialVersionUID = 1L;

    public TemplateCipherException(String message, Throwable cause) {
        super(message, cause);
    }

    public TemplateCipherException(String message) {
        super(message);
    }
}
