package io.visage.api.tenant;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;

/**
 * {@link Refusal#AUTHENTICATION_THROTTLED}: the API user or the client address has used up its budget of
 * failed authentications; the client may try again after {@link #retryAfterSeconds()}.
 */
public final class AuthenticationThrottledException extends RequestRefusedException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public AuthenticationThrottledException(long retryAfterSeconds) {
        super(Refusal.AUTHENTICATION_THROTTLED, retryAfterSeconds);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
