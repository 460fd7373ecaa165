package io.visage.rest.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** Who may read {@code /metrics}: nobody, loopback clients only, or holders of a bearer token. */
final class MetricsAccess {
    enum Mode { OFF, LOCALHOST, TOKEN }

    enum Decision { ALLOWED, HIDDEN, NOT_LOCAL, UNAUTHORIZED }

    private static final String BEARER = "Bearer ";

    private final Mode mode;
    /** SHA-256 of the token, so comparing takes the same time whatever its length; null without one. */
    private final byte[] tokenDigest;

    private MetricsAccess(Mode mode, byte[] tokenDigest) {
        this.mode = mode;
        this.tokenDigest = tokenDigest;
    }

    /**
     * From the configuration's words. An unknown mode is refused, so a typo cannot open the endpoint; a token
     * mode without a token lets nobody in.
     *
     * @throws IllegalArgumentException for a mode other than off, localhost or token
     */
    static MetricsAccess of(String mode, String token) {
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metrics access must be off, localhost or token, not '" + mode + "'", e);
        }
        boolean hasToken = token != null && !token.isBlank();
        return new MetricsAccess(parsed, hasToken ? sha256(token.trim()) : null);
    }

    Mode mode() {
        return mode;
    }

    boolean tokenMissing() {
        return mode == Mode.TOKEN && tokenDigest == null;
    }

    /**
     * @param remoteAddress the client's IP address as the servlet container reports it (behind a reverse
     *                      proxy: the proxy's)
     * @param authorization the request's Authorization header, or null
     */
    Decision decide(String remoteAddress, String authorization) {
        switch (mode) {
            case LOCALHOST:
                return loopback(remoteAddress) ? Decision.ALLOWED : Decision.NOT_LOCAL;
            case TOKEN:
                boolean bearer = tokenDigest != null && authorization != null
                        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
                return bearer && MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(BEARER.length()).trim()))
                        ? Decision.ALLOWED : Decision.UNAUTHORIZED;
            default:
                return Decision.HIDDEN;
        }
    }

    /** Only literal addresses are parsed, so this never asks DNS. */
    static boolean loopback(String address) {
        if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F.:%\\[\\]]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
