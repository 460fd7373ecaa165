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
import java.util.Locale;
import java.util.Set;

import io.visage.model.converter.onnx.Onnx.ModelProto;
import io.visage.model.fetch.NpmModelFetcher;

/**
 * Converts one of face-api's networks to ONNX at build time.
 *
 * <p>The package is obtained with {@code npm pack} through {@link NpmModelFetcher} (pinned version, tarball
 * sha256 verified, cached outside the repository); the weights manifest and binary are checked against their
 * own pinned sha256 before they are read. The output is deterministic: the same weights give the same bytes.
 *
 * <p>Usage: {@code FaceApiConverter <net> <package> <version> <tarball-sha256> <cache-dir> <out.onnx> [<expected-model-sha256>]}
 * with {@code <net>} one of {@code resnet34} (the face descriptor), {@code landmark68} (the 68-point landmark net).
 */
public final class FaceApiConverter {

    /** A network of the package: its weights files, their pinned digests, and the topology that reads them. */
    public enum Net {
        RESNET34("face descriptor", "package/model/face_recognition_model-weights_manifest.json",
                "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b",
                "package/model/face_recognition_model.bin",
                "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589", FaceApiResnet::build),
        LANDMARK68("68-point landmark net", "package/model/face_landmark_68_model-weights_manifest.json",
                "ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9",
                "package/model/face_landmark_68_model.bin",
                "4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b", FaceApiLandmarks68::build);

        final String description;
        final String manifest;
        final String manifestSha256;
        final String weightsFile;
        final String weightsSha256;
        private final Topology topology;

        Net(String description, String manifest, String manifestSha256, String weightsFile, String weightsSha256,
            Topology topology) {
            this.description = description;
            this.manifest = manifest;
            this.manifestSha256 = manifestSha256;
            this.weightsFile = weightsFile;
            this.weightsSha256 = weightsSha256;
            this.topology = topology;
        }

        static Net named(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** A network's {@code build(weights, producerVersion, metadata...)}. */
    @FunctionalInterface
    interface Topology {
        ModelProto build(TfjsWeights weights, String producerVersion, String... metadata);
    }

    private FaceApiConverter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6 && args.length != 7) {
            throw new IllegalArgumentException("usage: FaceApiConverter <resnet34|landmark68> <package> <version> "
                    + "<tarball-sha256> <cache-dir> <out.onnx> [<expected-model-sha256>]");
        }
        Net net = Net.named(args[0]);
        Path out = Path.of(args[5]);
        String sha256 = convert(net, new NpmModelFetcher(args[1], args[2], args[3], Path.of(args[4])),
                args[1] + "@" + args[2], out);
        if (args.length == 7 && !args[6].equalsIgnoreCase(sha256)) {
            Files.deleteIfExists(out);
            throw new IllegalStateException("converted model sha256 mismatch: expected " + args[6] + ", got " + sha256
                    + ". The converter or its input changed; check the equivalence tests before pinning the new value.");
        }
        System.out.println("[visage-model-converter] " + args[1] + "@" + args[2] + " " + net.description + " -> " + out
                + " (sha256 " + sha256 + ")");
    }

    /** Reads the verified weights of the package and writes the ONNX model; returns the model's sha256. */
    public static String convert(Net net, NpmModelFetcher fetcher, String source, Path out)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("faceapi-weights-");
        try {
            Path manifest = work.resolve("manifest.json");
            Path weights = work.resolve("weights.bin");
            fetcher.extract(net.manifest, net.manifestSha256, manifest);
            fetcher.extract(net.weightsFile, net.weightsSha256, weights);
            TfjsWeights tfjs = TfjsWeights.read(Files.readAllBytes(manifest), Files.readAllBytes(weights));
            ModelProto model = net.topology.build(tfjs, "1", "source", source + " " + net.weightsFile + " (MIT)",
                    "parameters", Integer.toString(tfjs.parameterCount()));
            Set<String> used = new HashSet<>(OnnxGraph.initializerNames(model));
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
