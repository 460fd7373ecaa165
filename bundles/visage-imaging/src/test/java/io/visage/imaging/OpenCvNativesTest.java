package io.visage.imaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OpenCvNativesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void removesOnlyStaleOpenpnpCopies() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path stale = Files.createDirectories(root.resolve("opencv_openpnp123/nu/pattern"));
        Files.write(stale.resolve("libopencv_java490.so"), new byte[10]);
        Files.setLastModifiedTime(root.resolve("opencv_openpnp123"), FileTime.from(Instant.now().minusSeconds(3600)));
        Path fresh = Files.createDirectories(root.resolve("opencv_openpnp456"));
        Path other = Files.createDirectories(root.resolve("unrelated"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minusSeconds(3600)));

        assertEquals(1, OpenCvNatives.removeStaleCopies(root, Instant.now().minus(OpenCvNatives.STALE_AFTER)));
        assertFalse(Files.exists(root.resolve("opencv_openpnp123")));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(other));
    }
}
