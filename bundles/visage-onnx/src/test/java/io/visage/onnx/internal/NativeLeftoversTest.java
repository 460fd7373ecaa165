package io.visage.onnx.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NativeLeftoversTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void onlyEmptyExtractionFoldersAreRemoved() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path emptyOld = Files.createDirectory(root.resolve("onnxruntime-java123"));
        Path inUse = Files.createDirectory(root.resolve("onnxruntime-java456"));
        Files.write(inUse.resolve("libonnxruntime.so"), new byte[] {1});
        Path unrelated = Files.createDirectory(root.resolve("something-else"));

        assertEquals(1, NativeLeftovers.removeEmptyExtractionFolders(root));
        assertFalse(Files.exists(emptyOld));
        assertTrue("a folder with the library may belong to a running process", Files.exists(inUse));
        assertTrue(Files.exists(unrelated));
    }
}
