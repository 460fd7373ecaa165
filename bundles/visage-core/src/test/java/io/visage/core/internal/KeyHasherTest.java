package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.Test;

public class KeyHasherTest {
    private final KeyHasher hasher = new KeyHasher(MasterKeyFile.derive(new byte[32], DefaultApiUserService.KEY_PURPOSE));

    @Test
    public void hmacHashesVerifyOnlyTheirKey() {
        String key = hasher.newKey();
        assertEquals(32, key.length());
        String stored = hasher.hash(key);
        assertTrue(stored.startsWith("hmac-sha256$"));
        assertEquals(stored, hasher.hash(key)); // deterministic: no salt needed for random keys
        assertTrue(hasher.matches(key, stored));
        assertFalse(hasher.matches(key + "x", stored));
        assertFalse(hasher.isLegacy(stored));
        assertFalse(hasher.matches(key, "hmac-sha256$not base64!"));
        assertFalse(hasher.matches(key, "something-else$" + stored));
    }

    @Test
    public void legacyPbkdf2HashesStillVerifyAndAreFlagged() {
        String legacy = KeyHasher.legacyHash("old-key", new byte[16], 10_000);
        assertTrue(hasher.isLegacy(legacy));
        assertTrue(hasher.matches("old-key", legacy));
        assertFalse(hasher.matches("old-key2", legacy));
        assertFalse(hasher.matches("old-key", "pbkdf2-sha256$2000000000$AAAA$AAAA")); // absurd cost refused
        assertFalse(hasher.matches("old-key", "pbkdf2-sha256$x$AAAA$AAAA"));
    }

    @Test
    public void theSecretIsDerivedPerPurposeAndMustBeLongEnough() {
        byte[] master = new byte[32];
        assertFalse(Arrays.equals(MasterKeyFile.derive(master, "a"), MasterKeyFile.derive(master, "b")));
        assertNotEquals(new KeyHasher(MasterKeyFile.derive(master, "a")).hash("k"),
                new KeyHasher(MasterKeyFile.derive(master, "b")).hash("k"));
        assertThrows(IllegalArgumentException.class, () -> new KeyHasher(new byte[16]));
    }

    @Test
    public void theMasterKeyFileIsCreatedOnceAndReadAfterwards() throws Exception {
        Path folder = Files.createTempDirectory("master-key");
        Path file = folder.resolve("visage-master.key");
        byte[] created = MasterKeyFile.loadOrCreate(file);
        assertEquals(32, created.length);
        assertTrue(Arrays.equals(created, MasterKeyFile.loadOrCreate(file)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        Files.delete(file);
        Files.delete(folder);
    }
}
