package io.visage.api.template;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Protects templates handed out to API users: the seed's {@code return_template=true} answer.
 *
 * <p>The output is an ASCII-armoured OpenPGP message (RFC 4880): a symmetric-key encrypted session key
 * packet (AES-256, iterated-and-salted S2K with SHA-256) followed by integrity-protected encrypted data
 * holding a literal data packet with the bytes. Any OpenPGP implementation decrypts it with the
 * passphrase, e.g. {@code gpg --decrypt}. Passphrases are the per-tenant secrets; implementations never
 * keep or log them, and callers should clear the arrays after use.
 */
@ProviderType
public interface TemplateCipher {

    /** Encrypts arbitrary bytes under a passphrase; returns the armoured message. */
    String encrypt(byte[] plaintext, char[] passphrase);

    /**
     * Decrypts a message made by {@link #encrypt(byte[], char[])} (or any passphrase-encrypted,
     * integrity-protected OpenPGP message).
     *
     * @throws TemplateCipherException when the message is malformed, the passphrase is wrong or the
     *                                 integrity check fails
     */
    byte[] decrypt(String armouredMessage, char[] passphrase) throws TemplateCipherException;

    /** Encrypts a template's binary form ({@link BiometricTemplate#toBytes()}). */
    default String encrypt(BiometricTemplate template, char[] passphrase) {
        return encrypt(template.toBytes(), passphrase);
    }

    /** Decrypts and parses a message made by {@link #encrypt(BiometricTemplate, char[])}. */
    default BiometricTemplate decryptTemplate(String armouredMessage, char[] passphrase) throws TemplateCipherException {
        byte[] bytes = decrypt(armouredMessage, passphrase);
        try {
            return BiometricTemplate.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new TemplateCipherException("decrypted message is not a template: " + e.getMessage(), e);
        }
    }
}
