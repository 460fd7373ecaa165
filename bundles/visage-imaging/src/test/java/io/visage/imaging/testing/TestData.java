package io.visage.imaging.testing;

import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared labelled images; tests that need them skip with a message when they are absent. Shared by the
 * pipeline bundles' tests through this module's test jar.
 */
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

    /** Rows of a CSV file of the data set, without the header. */
    public static List<String[]> csv(String name) {
        try {
            List<String> lines = Files.readAllLines(dir().resolve(name));
            List<String[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                rows.add(line.split(",", -1));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
