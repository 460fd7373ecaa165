package io.visage.onnx.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ONNX Runtime extracts its native library into a fresh {@code onnxruntime-java*} folder of
 * {@code java.io.tmpdir} at every start and deletes the files at exit, but not the folder: one more empty folder
 * per restart. Empty ones are removed before the runtime loads; a folder with files may belong to a running
 * process and is left alone.
 */
final class NativeLeftovers {
    private static final String PREFIX = "onnxruntime-java";

    private NativeLeftovers() {
    }

    static int removeEmptyExtractionFolders(Path tmp) {
        int removed = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path folder : folders) {
                if (Files.isDirectory(folder) && isEmpty(folder)) {
                    Files.deleteIfExists(folder);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A sweep that fails changes nothing: the folders are empty and harmless.
        }
        return removed;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        }
    }
}
