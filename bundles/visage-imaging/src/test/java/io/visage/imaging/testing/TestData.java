package io.visage.imaging;

import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared labelled images; tests that need them skip with a message when they are absent. */
public final class TestData {

    private TestData() {
    }

    public static Path dir() {
        String dir = System.getProperty("visage.data.dir");
        boolean present = dir != null && Files.isRegularFile(Path.of(dir, "manifest.csv"));
        assumeTrue("shared test images not found (system property visage.data.dir=" + dir
                + "); skipping the tests that need them", present);
        return Path.of(dir);
    }

    public static byte[] read(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
