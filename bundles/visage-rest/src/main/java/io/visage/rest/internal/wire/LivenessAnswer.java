package io.visage.rest.internal.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /v2/liveness_detections}. */
@JsonPropertyOrder({"status", "message", "liveness"})
@Schema(name = "LivenessAnswer")
public record LivenessAnswer(@Schema(example = "200") int status, @Schema(example = "Request OK") String message,
        Result liveness) implements Answer {

    @JsonPropertyOrder({"date", "detection_key", "message", "score", "status", "threshold"})
    @Schema(name = "LivenessDetection")
    public record Result(@Schema(example = "Thu, 05 Sep 2019 20:02:11 GMT") String date,
            @JsonProperty("detection_key") String detectionKey,
            @Schema(example = "Live person detected.") String message,
            @Schema(example = "0.9876", description = "p(live), four decimals") String score,
            @Schema(description = "200 live, 403 not", allowableValues = {"200", "403"}) int status,
            @Schema(example = "0.3000") String threshold) {
    }
}
