package io.visage.imaging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads OpenCV's native library once per JVM. A native library belongs to the whole process, so this is the
 * one deliberate static: every component that touches {@code org.opencv} calls {@link #load()} when it
 * activates; only the first call costs (about 0.7 s, the library is extracted from the openpnp bundle).
 *
 * <p>openpnp extracts a 63 MB copy into {@code java.io.tmpdir} on every start and relies on a shutdown hook
 * to remove it, which fails once its bundle has stopped, and never runs after a crash ({@code kill -9}); copies
 * pile up. Before loading, every copy that no live process has mapped (read from {@code /proc/<pid>/maps}: a
 * loaded library stays mapped) and that did not change in the last {@link #WRITING_GUARD} (another process may
 * be extracting it and not have loaded it yet) is removed. Where {@code /proc} cannot be read, copies older than
 * {@link #STALE_AFTER} are removed instead.
 */
public final class OpenCvNatives {

    static final Duration STALE_AFTER = Duration.ofMinutes(10);
    static final Duration WRITING_GUARD = Duration.ofSeconds(30);
    private static final String OPENPNP_PREFIX = "opencv_openpnp";
    private static final System.Logger LOG = System.getLogger(OpenCvNatives.class.getName());

    private static boolean loaded;

    private OpenCvNatives() {
    }

    public static synchronized void load() {
        if (!loaded) {
            removeUnusedCopies(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/proc"), Instant.now());
            nu.pattern.OpenCV.loadLocally();
            preloadShutdownHookClasses();
            loaded = true;
        }
    }

    /**
     * openpnp's shutdown hook deletes its copy with classes it has not loaded yet; after its bundle stopped they
     * can no longer be loaded (NoClassDefFoundError at shutdown). Loading them now lets the hook run.
     */
    private static void preloadShutdownHookClasses() {
        ClassLoader loader = nu.pattern.OpenCV.class.getClassLoader();
        for (String name : new String[] {"nu.pattern.OpenCV$TemporaryDirectory",
                "nu.pattern.OpenCV$TemporaryDirectory$1", "nu.pattern.OpenCV$TemporaryDirectory$2"}) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.log(System.Logger.Level.DEBUG, "openpnp class " + name + " not found", e);
            }
        }
    }

    /**
     * Deletes openpnp's extraction directories in {@code tmp} that no process listed under {@code proc} maps a file
     * from and that did not change since {@code now} minus {@link #WRITING_GUARD}; without a readable {@code proc},
     * those unchanged since {@code now} minus {@link #STALE_AFTER}. Returns how many it deleted.
     */
    static int removeUnusedCopies(Path tmp, Path proc, Instant now) {
        Set<String> mapped = null;
        boolean procRead = false;
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, OPENPNP_PREFIX + "*")) {
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                Instant changed = lastChange(dir);
                if (!changed.isBefore(now.minus(WRITING_GUARD))) {
                    continue;
                }
                if (!procRead) { // read once, and only when a copy is a candidate
                    mapped = mappedFiles(proc);
                    procRead = true;
                }
                boolean unused = mapped == null ? changed.isBefore(now.minus(STALE_AFTER)) : !inUse(dir, mapped);
                if (unused) {
                    deleteTree(dir);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not sweep unused OpenCV copies in " + tmp, e);
        }
        return removed;
    }

    /**
     * The files mapped by the processes listed under {@code proc}, or {@code null} when none could be read (no
     * procfs). Other users' processes are unreadable; they cannot read the owner-only copies either.
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

    private static boolean inUse(Path dir, Set<String> mapped) throws IOException {
        String path = dir.toAbsolutePath().normalize() + "/";
        String real = dir.toRealPath() + "/";
        return mapped.stream().anyMatch(f -> f.startsWith(path) || f.startsWith(real));
    }

    /** The newest modification time in the tree. */
    private static Instant lastChange(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return FileTime.from(Instant.MAX);
                }
            }).max(FileTime::compareTo).orElseThrow().toInstant();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
