package io.visage.core.internal;

import java.security.SecureRandom;

/** Keys of stored transactions (detection_key, match_key): 24 letters and digits, as in the seed. */
final class TransactionKeys {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TransactionKeys() {
    }

    static String next() {
        char[] key = new char[24];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }
}
