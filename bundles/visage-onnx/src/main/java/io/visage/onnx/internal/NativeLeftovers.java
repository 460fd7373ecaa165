package io.visage.onnx.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * ONNX Runtime extracts its native libraries (21 MB) into a fresh {@code onnxruntime-java*} folder of
 * {@code java.io.tmpdir} at every start and deletes the files at a clean exit, but never the folder; after a
 * crash ({@code kill -9}) the files stay too. Before the runtime loads, every such folder that no live process
 * has mapped a library from is removed: empty ones, and those a dead process left with its copy.
 *
 * <p>A folder is kept while any process maps a file in it (read from {@code /proc/<pid>/maps}; a loaded library
 * is mapped for as long as it is loaded), or while it changed in the last {@link #WRITING_GUARD_SECONDS} seconds
 * (another process may be copying into it and not have loaded it yet). Where {@code /proc} cannot be read, only
 * empty folders are removed, as before.
 */
final class NativeLeftovers {
    static final String PREFIX = "onnxruntime-java";
    static final long WRITING_GUARD_SECONDS = 30;

    private NativeLeftovers() {
    }

    static int removeUnusedExtractionFolders(Path tmp) {
        return removeUnusedExtractionFolders(tmp, Path.of("/proc"), Instant.now());
    }

    /**
     * Removes the {@value #PREFIX} folders of {@code tmp} that are empty, or whose files no process listed under
     * {@code proc} maps and that did not change since {@code now} minus the guard. Returns how many it removed.
     */
    static int removeUnusedExtractionFolders(Path tmp, Path proc, Instant now) {
        Set<String> mapped = null;
        boolean procRead = false;
        int removed = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path folder : folders) {
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                boolean remove = isEmpty(folder);
                if (!remove && lastChange(folder).isBefore(now.minusSeconds(WRITING_GUARD_SECONDS))) {
                    if (!procRead) { // read once, and only when a folder with files is a candidate
                        mapped = mappedFiles(proc);
                        procRead = true;
                    }
                    remove = mapped != null && !inUse(folder, mapped);
                }
                if (remove && deleteTree(folder)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A sweep that fails changes nothing: at worst a folder stays until the next start.
        }
        return removed;
    }

    /**
     * The paths of the files mapped by the processes listed under {@code proc}, or {@code null} when none could be
     * read (no procfs). Processes of other users are unreadable; they cannot read the owner-only extraction
     * folders either, so they cannot have mapped a file from them.
     */
    static Set<String> mappedFiles(Path proc) {
        Set<String> files = new HashSet<>();
        boolean any = false;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path process : processes) {
                try (Stream<String> lines = Files.lines(process.resolve("maps"))) {
                    lines.forEach(line -> {
                        int slash = line.indexOf('/');
                        if (slash >= 0) {
                            files.add(line.substring(slash).replace(" (deleted)", ""));
                        }
                    });
                    any = true;
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or another user's
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return any ? files : null;
    }

    private static boolean inUse(Path folder, Set<String> mapped) throws IOException {
        String prefix = folder.toAbsolutePath().normalize() + "/";
        String real = folder.toRealPath() + "/";
        return mapped.stream().anyMatch(f -> f.startsWith(prefix) || f.startsWith(real));
    }

    private static Instant lastChange(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return FileTime.from(Instant.MAX);
                }
            }).max(FileTime::compareTo).orElseThrow().toInstant();
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        }
    }

    private static boolean deleteTree(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return !Files.exists(folder);
    }
}
