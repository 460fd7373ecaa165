package io.visage.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, in memory only, that a key was verified against a stored hash, so that the slow hash runs
 * once per key and not on every request. An entry holds an HMAC of the key under a random secret of
 * this process and the stored hash it was verified against: a rotated key (new stored hash) misses.
 */
final class VerifiedKeyCache {
    private record Entry(String storedHash, byte[] mac) {
    }

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec secret;

    VerifiedKeyCache() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        secret = new SecretKeySpec(bytes, "HmacSHA256");
    }

    boolean isVerified(String apiUser, String key, String storedHash) {
        Entry entry = entries.get(apiUser);
        return entry != null && entry.storedHash().equals(storedHash) && MessageDigest.isEqual(entry.mac(), mac(key));
    }

    void remember(String apiUser, String key, String storedHash) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(apiUser, new Entry(storedHash, mac(key)));
    }

    void forget(String apiUser) {
        entries.remove(apiUser);
    }

    private byte[] mac(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
