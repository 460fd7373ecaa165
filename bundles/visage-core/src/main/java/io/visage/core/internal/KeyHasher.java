package io.visage.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stored forms of API keys. Keys are 192 random bits, so a keyed fast hash protects them as well as a slow
 * one: {@code hmac-sha256$<Base64 HMAC-SHA-256 of the key>} under a server-side secret kept outside the
 * database. Hashes written before ({@code pbkdf2-sha256$<iterations>$<salt>$<hash>}) are still verified, and
 * {@link #isLegacy} tells the caller to re-store them after a successful check. Comparison is constant-time.
 */
final class KeyHasher {
    private static final String HMAC = "HmacSHA256";
    private static final String PREFIX = "hmac-sha256$";
    private static final String LEGACY_ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String LEGACY_PREFIX = "pbkdf2-sha256$";
    private static final int LEGACY_HASH_BITS = 256;
    /** A stored legacy hash asking for more work than this is refused rather than computed. */
    private static final int LEGACY_MAX_ITERATIONS = 10_000_000;
    private static final int KEY_BYTES = 24;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec secret;

    /** @param secret at least 256 bits, never stored next to the hashes */
    KeyHasher(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("The API key secret must have at least 256 bits");
        }
        this.secret = new SecretKeySpec(secret, HMAC);
    }

    /** A new random API key: 192 bits, URL-safe so it can travel in a query string unescaped. */
    String newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String hash(String key) {
        return PREFIX + Base64.getEncoder().encodeToString(mac(key));
    }

    boolean matches(String key, String encoded) {
        if (encoded.startsWith(PREFIX)) {
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(encoded.substring(PREFIX.length()));
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            return MessageDigest.isEqual(expected, mac(key));
        }
        return encoded.startsWith(LEGACY_PREFIX) && matchesLegacy(key, encoded);
    }

    /** Whether a stored hash is in the slow form of earlier versions and should be re-stored with {@link #hash}. */
    boolean isLegacy(String encoded) {
        return !encoded.startsWith(PREFIX);
    }

    private byte[] mac(String key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is part of every Java 17 runtime", e);
        }
    }

    private static boolean matchesLegacy(String key, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1 || iterations > LEGACY_MAX_ITERATIONS) {
                return false;
            }
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] expected = b64.decode(parts[3]);
            return MessageDigest.isEqual(expected, pbkdf2(key, b64.decode(parts[2]), iterations));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** The slow hash of earlier versions; tests use it to write legacy hashes. */
    static String legacyHash(String key, byte[] salt, int iterations) {
        Base64.Encoder b64 = Base64.getEncoder();
        return LEGACY_PREFIX + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(key, salt, iterations));
    }

    private static byte[] pbkdf2(String key, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(key.toCharArray(), salt, iterations, LEGACY_HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(LEGACY_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(LEGACY_ALGORITHM + " is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
