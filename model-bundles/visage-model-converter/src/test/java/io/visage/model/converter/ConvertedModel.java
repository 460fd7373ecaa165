package io.visage.model.converter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import io.visage.model.fetch.NpmModelFetcher;

/** The converted models, each written once per test JVM into target/ from the pinned, verified package. */
final class ConvertedModel {

    private static final Map<FaceApiConverter.Net, Path> MODELS = new EnumMap<>(FaceApiConverter.Net.class);

    private ConvertedModel() {
    }

    /** The converted face descriptor. */
    static Path path() throws Exception {
        return path(FaceApiConverter.Net.RESNET34);
    }

    static synchronized Path path(FaceApiConverter.Net net) throws Exception {
        Path model = MODELS.get(net);
        if (model == null) {
            model = Path.of("target", "test-model", net.name().toLowerCase() + ".onnx").toAbsolutePath();
            FaceApiConverter.convert(net, fetcher(), "test", model);
            MODELS.put(net, model);
        }
        return model;
    }

    static NpmModelFetcher fetcher() {
        return new NpmModelFetcher(property("faceapi.package", "@vladmandic/face-api"),
                property("faceapi.version", "1.7.15"),
                property("faceapi.sha256", "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031"),
                cacheDir());
    }

    static Path cacheDir() {
        return Path.of(property("visage.npm.cache", System.getProperty("user.home") + "/.cache/visage-npm"));
    }

    static byte[] bytes() throws Exception {
        return Files.readAllBytes(path());
    }

    private static String property(String key, String fallback) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
