package io.visage.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's master key: 256 random bits in a file outside the database ({@code etc/visage-master.key},
 * mode 600), created on first use. Each use takes its own key derived from it ({@link #derive}), so the key
 * that seals template secrets is never the one that hashes API keys.
 */
final class MasterKeyFile {
    private static final Object CREATION = new Object();

    private MasterKeyFile() {
    }

    /** The configured file, or {@code ${karaf.etc}/visage-master.key} when none is configured. */
    static Path resolve(String configured) {
        return configured == null || configured.isBlank()
                ? Paths.get(System.getProperty("karaf.etc", "etc"), "visage-master.key")
                : Paths.get(configured);
    }

    /** Reads the key, creating the file first if there is none (two components starting at once get one key). */
    static byte[] loadOrCreate(Path file) throws IOException {
        synchronized (CREATION) {
            if (Files.exists(file)) {
                return read(file);
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "visage-master", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's ACL applies.
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key));
            try {
                Files.move(temporary, file);
            } catch (FileAlreadyExistsException createdElsewhere) {
                Files.delete(temporary);
                return read(file);
            }
            return key;
        }
    }

    private static byte[] read(Path file) throws IOException {
        return Base64.getDecoder().decode(Files.readString(file).trim());
    }

    /** A 256-bit key for one purpose: HMAC-SHA-256 of the purpose's name under the master key (HKDF's expand step, one block). */
    static byte[] derive(byte[] masterKey, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(new byte[] {1});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
