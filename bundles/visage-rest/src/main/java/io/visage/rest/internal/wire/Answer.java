package io.visage.rest.internal.wire;

/** A response body of the Saffe API: every one starts with status and message; its status is the HTTP status. */
public interface Answer {
    int status();

    String message();
}
