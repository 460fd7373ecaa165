package io.visage.rest.internal.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v2/liveness_detections}: past detections. */
@JsonPropertyOrder({"status", "message", "liveness_detections"})
@Schema(name = "LivenessList")
public record LivenessList(@Schema(example = "200") int status, @Schema(example = "Succeeded.") String message,
        @JsonProperty("liveness_detections") List<Entry> livenessDetections) implements Answer {

    @JsonPropertyOrder({"date", "detection_key", "score", "status"})
    @Schema(name = "LivenessHistoryEntry")
    public record Entry(@Schema(example = "Thu, 05 Sep 2019 20:02:11 GMT") String date,
            @JsonProperty("detection_key") String detectionKey, @Schema(example = "0.9876") String score,
            @Schema(allowableValues = {"200", "403"}) int status) {
    }
}
