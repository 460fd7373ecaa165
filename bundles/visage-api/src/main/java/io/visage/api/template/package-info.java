/**
 * Biometric templates as portable values, and their protection for hand-out to API users.
 *
 * <p>{@link io.visage.api.template.BiometricTemplate} carries the embedding model's name and version with
 * the vector and has a small versioned binary form; a {@link io.visage.api.template.TemplateCipher}
 * turns that form into an ASCII-armoured, passphrase-encrypted OpenPGP message and back.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.api.template;
