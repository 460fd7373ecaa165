package io.visage.imaging;

/**
 * Loads OpenCV's native library once per JVM. A native library belongs to the whole process, so this is the
 * one deliberate static: every component that touches {@code org.opencv} calls {@link #load()} when it
 * activates; only the first call costs (about 0.7 s, the library is extracted from the openpnp bundle).
 */
public final class OpenCvNatives {

    private static boolean loaded;

    private OpenCvNatives() {
    }

    public static synchronized void load() {
        if (!loaded) {
            nu.pattern.OpenCV.loadLocally();
            loaded = true;
        }
    }
}
