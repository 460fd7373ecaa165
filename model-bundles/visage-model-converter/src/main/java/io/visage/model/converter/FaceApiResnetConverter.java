package io.visage.model.converter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import io.visage.model.converter.onnx.Onnx.ModelProto;
import io.visage.model.fetch.NpmModelFetcher;

/**
 * Converts face-api's face descriptor to ONNX at build time.
 *
 * <p>The package is obtained with {@code npm pack} through {@link NpmModelFetcher} (pinned version, tarball
 * sha256 verified, cached outside the repository); the weights manifest and binary are checked against their
 * own pinned sha256 before they are read. The output is deterministic: the same weights give the same bytes.
 *
 * <p>Usage: {@code FaceApiResnetConverter <package> <version> <tarball-sha256> <cache-dir> <out.onnx> [<expected-model-sha256>]}
 */
public final class FaceApiResnetConverter {

    static final String MANIFEST = "package/model/face_recognition_model-weights_manifest.json";
    static final String MANIFEST_SHA256 = "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b";
    static final String WEIGHTS = "package/model/face_recognition_model.bin";
    static final String WEIGHTS_SHA256 = "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589";

    private FaceApiResnetConverter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 6) {
            throw new IllegalArgumentException("usage: FaceApiResnetConverter <package> <version> <tarball-sha256> "
                    + "<cache-dir> <out.onnx> [<expected-model-sha256>]");
        }
        Path out = Path.of(args[4]);
        String sha256 = convert(new NpmModelFetcher(args[0], args[1], args[2], Path.of(args[3])), args[0] + "@" + args[1], out);
        if (args.length == 6 && !args[5].equalsIgnoreCase(sha256)) {
            java.nio.file.Files.deleteIfExists(out);
            throw new IllegalStateException("converted model sha256 mismatch: expected " + args[5] + ", got " + sha256
                    + ". The converter or its input changed; check the equivalence tests before pinning the new value.");
        }
        System.out.println("[visage-model-converter] " + args[0] + "@" + args[1] + " face descriptor -> " + out
                + " (sha256 " + sha256 + ")");
    }

    /** Reads the verified weights of the package and writes the ONNX model; returns the model's sha256. */
    public static String convert(NpmModelFetcher fetcher, String source, Path out) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("faceapi-weights-");
        try {
            Path manifest = work.resolve("manifest.json");
            Path weights = work.resolve("weights.bin");
            fetcher.extract(MANIFEST, MANIFEST_SHA256, manifest);
            fetcher.extract(WEIGHTS, WEIGHTS_SHA256, weights);
            TfjsWeights tfjs = TfjsWeights.read(Files.readAllBytes(manifest), Files.readAllBytes(weights));
            ModelProto model = FaceApiResnet.build(tfjs, "1", "source", source + " " + WEIGHTS + " (MIT)",
                    "parameters", Integer.toString(tfjs.parameterCount()));
            Set<String> used = new HashSet<>(FaceApiResnet.initializerNames(model));
            for (String name : tfjs.tensors().keySet()) {
                if (!used.contains(name)) {
                    throw new IllegalStateException("weight " + name + " is not used by the converted topology");
                }
            }
            return write(model, out);
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    static String write(ModelProto model, Path out) throws IOException {
        byte[] bytes = model.toByteArray();
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".part");
        try (OutputStream stream = Files.newOutputStream(tmp)) {
            stream.write(bytes);
        }
        try {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
