package io.visage.evaluation.lfw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads LFW's {@code pairs*.txt}. The header is either {@code N} (View 1: N genuine pairs, then N impostor
 * pairs) or {@code S N} (View 2: S sets, each N genuine pairs then N impostor pairs). A genuine line is
 * {@code name n1 n2}, an impostor line {@code name1 n1 name2 n2}; fields are separated by tabs or spaces.
 */
public final class LfwPairsFile {

    private LfwPairsFile() {
    }

    public static List<LfwPair> read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    /** @throws IllegalArgumentException with the line number when a line or the counts do not fit the header */
    public static List<LfwPair> parse(List<String> lines) {
        List<String> content = lines.stream().filter(l -> !l.isBlank()).toList();
        if (content.isEmpty()) {
            throw new IllegalArgumentException("empty pairs file");
        }
        String[] header = fields(content.get(0));
        int sets = header.length == 1 ? 1 : number(header[0], 1);
        int perKind = number(header[header.length - 1], 1);
        if (header.length > 2 || sets < 1 || perKind < 1) {
            throw new IllegalArgumentException("line 1: header must be 'N' or 'SETS N': " + content.get(0));
        }
        int expected = sets * 2 * perKind;
        if (content.size() - 1 != expected) {
            throw new IllegalArgumentException("header announces " + expected + " pairs, the file has "
                    + (content.size() - 1));
        }
        List<LfwPair> pairs = new ArrayList<>(expected);
        for (int i = 0; i < expected; i++) {
            int set = i / (2 * perKind);
            boolean genuine = i % (2 * perKind) < perKind;
            pairs.add(pair(content.get(i + 1), set, genuine, i + 2));
        }
        return pairs;
    }

    private static LfwPair pair(String line, int set, boolean genuine, int lineNumber) {
        String[] f = fields(line);
        if (genuine && f.length == 3) {
            return new LfwPair(set, f[0], number(f[1], lineNumber), f[0], number(f[2], lineNumber));
        }
        if (!genuine && f.length == 4) {
            if (f[0].equals(f[2])) {
                throw new IllegalArgumentException("line " + lineNumber + ": impostor pair of one person: " + line);
            }
            return new LfwPair(set, f[0], number(f[1], lineNumber), f[2], number(f[3], lineNumber));
        }
        throw new IllegalArgumentException("line " + lineNumber + ": expected a " + (genuine
                ? "genuine pair 'name n1 n2'" : "impostor pair 'name1 n1 name2 n2'") + ": " + line);
    }

    private static String[] fields(String line) {
        return line.strip().split("\\s+");
    }

    private static int number(String field, int lineNumber) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": not a number: " + field, e);
        }
    }
}
