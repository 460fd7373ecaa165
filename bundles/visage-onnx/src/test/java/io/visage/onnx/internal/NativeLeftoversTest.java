package io.visage.onnx.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ai.onnxruntime.OrtEnvironment;

public class NativeLeftoversTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Instant now = Instant.now();

    private Path extraction(Path root, String name, Instant written) throws Exception {
        Path folder = Files.createDirectory(root.resolve(name));
        Path lib = Files.write(folder.resolve("libonnxruntime.so"), new byte[] {1});
        Files.setLastModifiedTime(lib, FileTime.from(written));
        Files.setLastModifiedTime(folder, FileTime.from(written));
        return folder;
    }

    /** A procfs with one process mapping {@code file}. */
    private Path procMapping(Path file) throws Exception {
        Path proc = tmp.newFolder("proc").toPath();
        Path process = Files.createDirectories(proc.resolve("4242"));
        Files.writeString(process.resolve("maps"), "7f0000000000-7f0000100000 r-xp 00000000 08:01 1234    "
                + "                   " + file + "\n7f0000200000-7f0000300000 rw-p 00000000 00:00 0 \n");
        return proc;
    }

    @Test
    public void aCrashedProcesssCopyIsRemovedAndAMappedOneKept() throws Exception {
        Path root = tmp.newFolder("tmp").toPath();
        Path empty = Files.createDirectory(root.resolve("onnxruntime-java123"));
        Path crashed = extraction(root, "onnxruntime-java456", now.minusSeconds(600));
        Path running = extraction(root, "onnxruntime-java789", now.minusSeconds(600));
        Path beingWritten = extraction(root, "onnxruntime-java000", now.minusSeconds(2));
        Path unrelated = Files.createDirectory(root.resolve("something-else"));
        Path proc = procMapping(running.resolve("libonnxruntime.so"));

        assertEquals(2, NativeLeftovers.removeUnusedExtractionFolders(root, proc, now));
        assertFalse("empty", Files.exists(empty));
        assertFalse("no live process maps it: left by a crash", Files.exists(crashed));
        assertTrue("a live process has loaded it", Files.exists(running));
        assertTrue("written seconds ago: another process may be about to load it", Files.exists(beingWritten));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    public void withoutProcfsOnlyEmptyFoldersAreRemoved() throws Exception {
        Path root = tmp.newFolder("tmp").toPath();
        Path empty = Files.createDirectory(root.resolve("onnxruntime-java123"));
        Path withFiles = extraction(root, "onnxruntime-java456", now.minusSeconds(600));

        assertEquals(1, NativeLeftovers.removeUnusedExtractionFolders(root, root.resolve("no-proc"), now));
        assertFalse(Files.exists(empty));
        assertTrue("cannot tell whether a process uses it", Files.exists(withFiles));
    }

    @Test
    public void theLibrariesThisProcessLoadedAreSeenAsMapped() throws Exception {
        OrtEnvironment.getEnvironment();
        Set<String> mapped = NativeLeftovers.mappedFiles(Path.of("/proc"));
        assertNotNull("procfs readable", mapped);
        try (Stream<String> files = mapped.stream()) {
            assertTrue("ONNX Runtime's library among this JVM's mappings",
                    files.anyMatch(f -> f.endsWith("/libonnxruntime.so") || f.endsWith("/libonnxruntime4j_jni.so")));
        }
    }
}
