package io.visage.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Metadata of a model artifact.
 *
 * @param kind          what the model does, one of {@code ModelService.KIND_*}
 * @param name          model name, for example {@code fr_feature}
 * @param version       model version; templates record it together with the name
 * @param format        artifact format, for example {@code onnx}
 * @param sha256        lower-case hex sha256 of the artifact
 * @param inputWidth    input width in pixels
 * @param inputHeight   input height in pixels
 * @param colourOrder   channel order of the input tensor: {@code RGB}, {@code BGR} or {@code GRAY}
 * @param mean          per-channel value subtracted from the 0..255 pixel
 * @param std           per-channel divisor applied after the subtraction: input = (px - mean) / std
 * @param thresholds    default decision thresholds by name (for example {@code score}, {@code fmr1e-3})
 * @param source        where the artifact came from (package, licence)
 */
public record ModelDescriptor(String kind, String name, String version, String format, String sha256,
                              int inputWidth, int inputHeight, String colourOrder,
                              List<Double> mean, List<Double> std, Map<String, Double> thresholds,
                              String source) {

    public ModelDescriptor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        thresholds = Map.copyOf(thresholds);
    }

    /** The named default threshold, or {@code fallback} when the model does not define it. */
    public double threshold(String key, double fallback) {
        return thresholds.getOrDefault(key, fallback);
    }

    /** {@code name:version}, as written in logs and templates. */
    public String id() {
        return name + ":" + version;
    }
}
