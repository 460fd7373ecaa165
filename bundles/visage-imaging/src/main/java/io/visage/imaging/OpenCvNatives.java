package io.visage.imaging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Loads OpenCV's native library once per JVM. A native library belongs to the whole process, so this is the
 * one deliberate static: every component that touches {@code org.opencv} calls {@link #load()} when it
 * activates; only the first call costs (about 0.7 s, the library is extracted from the openpnp bundle).
 *
 * <p>openpnp extracts a 63 MB copy into {@code java.io.tmpdir} on every start and relies on a shutdown hook
 * to remove it, which fails once its bundle has stopped; copies pile up. Before loading, copies older than
 * {@link #STALE_AFTER} are removed: a process that loaded one keeps its mapping on Linux, and a copy that
 * young may still be on its way to being loaded by another process.
 */
public final class OpenCvNatives {

    static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final String OPENPNP_PREFIX = "opencv_openpnp";
    private static final System.Logger LOG = System.getLogger(OpenCvNatives.class.getName());

    private static boolean loaded;

    private OpenCvNatives() {
    }

    public static synchronized void load() {
        if (!loaded) {
            removeStaleCopies(Path.of(System.getProperty("java.io.tmpdir")), Instant.now().minus(STALE_AFTER));
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

    /** Deletes openpnp's extraction directories in {@code tmp} last modified before {@code before}. */
    static int removeStaleCopies(Path tmp, Instant before) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, OPENPNP_PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && Files.getLastModifiedTime(dir).compareTo(FileTime.from(before)) < 0) {
                    deleteTree(dir);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not sweep stale OpenCV copies in " + tmp, e);
        }
        return removed;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
