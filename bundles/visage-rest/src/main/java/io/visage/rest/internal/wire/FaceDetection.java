package io.visage.rest.internal.wire;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v0/face_detections}: the capture state of the most relevant face, its rectangle (absent when no
 * face was found) and, when asked for, the quality measures.
 */
@JsonPropertyOrder({"status", "message", "capture_state", "face_rectangle", "quality_measures"})
@Schema(name = "FaceDetection")
public record FaceDetection(@Schema(example = "200") int status, @Schema(example = "Success") String message,
        @JsonProperty("capture_state") @Schema(example = "adequate",
                allowableValues = {"adequate", "no_face", "too_close", "too_far", "descentralized", "wrong_orientation"}) String captureState,
        @JsonProperty("face_rectangle") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Rectangle faceRectangle,
        @JsonProperty("quality_measures") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "by name, when quality_measures=true",
                example = "{\"sharpness\":0.83}") Map<String, Double> qualityMeasures) implements Answer {

    /**
     * Integer corners. The seed spells the second corner {@code botton_right} in its detection examples and
     * {@code bottom_right} in its quality example; both are sent so that clients of either work.
     */
    @JsonPropertyOrder({"top_left", "botton_right", "bottom_right"})
    @Schema(name = "FaceRectangle")
    public record Rectangle(@JsonProperty("top_left") Corner topLeft,
            @JsonProperty("botton_right") Corner bottonRight, @JsonProperty("bottom_right") Corner bottomRight) {
    }

    @JsonPropertyOrder({"x", "y"})
    @Schema(name = "Corner")
    public record Corner(@Schema(example = "120") int x, @Schema(example = "80") int y) {
    }
}
