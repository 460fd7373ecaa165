package io.visage.imaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OpenCvNativesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Instant now = Instant.now();

    /** An openpnp copy as it extracts one: {@code <dir>/nu/pattern/opencv/.../libopencv_java490.so}. */
    private Path copy(Path root, String name, Instant written) throws Exception {
        Path dir = root.resolve(name);
        Path nested = Files.createDirectories(dir.resolve("nu/pattern"));
        Path lib = Files.write(nested.resolve("libopencv_java490.so"), new byte[10]);
        for (Path p : new Path[] {lib, nested, nested.getParent(), dir}) {
            Files.setLastModifiedTime(p, FileTime.from(written));
        }
        return lib;
    }

    @Test
    public void removesTheCopiesNoLiveProcessHasLoaded() throws Exception {
        Path root = tmp.newFolder("tmp").toPath();
        copy(root, "opencv_openpnp123", now.minusSeconds(120));
        Path loaded = copy(root, "opencv_openpnp456", now.minusSeconds(3600));
        copy(root, "opencv_openpnp789", now.minusSeconds(3));
        Path other = Files.createDirectories(root.resolve("unrelated"));
        Files.setLastModifiedTime(other, FileTime.from(now.minusSeconds(3600)));
        Path proc = tmp.newFolder("proc").toPath();
        Files.writeString(Files.createDirectories(proc.resolve("4242")).resolve("maps"),
                "7f0000000000-7f0000100000 r-xp 00000000 08:01 1234                       " + loaded + "\n");

        assertEquals(1, OpenCvNatives.removeUnusedCopies(root, proc, now));
        assertFalse("a crashed process's copy, two minutes old", Files.exists(root.resolve("opencv_openpnp123")));
        assertTrue("mapped by a live process", Files.exists(root.resolve("opencv_openpnp456")));
        assertTrue("written seconds ago: may be about to be loaded", Files.exists(root.resolve("opencv_openpnp789")));
        assertTrue(Files.exists(other));
    }

    @Test
    public void withoutProcfsOnlyStaleCopiesAreRemoved() throws Exception {
        Path root = tmp.newFolder("tmp").toPath();
        copy(root, "opencv_openpnp123", now.minusSeconds(3600));
        copy(root, "opencv_openpnp456", now.minusSeconds(120));

        assertEquals(1, OpenCvNatives.removeUnusedCopies(root, root.resolve("no-proc"), now));
        assertFalse(Files.exists(root.resolve("opencv_openpnp123")));
        assertTrue("younger than " + OpenCvNatives.STALE_AFTER, Files.exists(root.resolve("opencv_openpnp456")));
    }

    @Test
    public void theLibraryThisProcessLoadedIsSeenAsMapped() {
        OpenCvNatives.load();
        Set<String> mapped = OpenCvNatives.mappedFiles(Path.of("/proc"));
        assertNotNull("procfs readable", mapped);
        assertTrue("OpenCV's library among this JVM's mappings",
                mapped.stream().anyMatch(f -> f.contains("opencv_java")));
    }
}
