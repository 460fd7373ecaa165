package io.visage.rest.internal.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v2/liveness_detections}: past detections. */
@JsonPropertyOrder({"status", "message", "liveness_detections"})
@Schema(name = "LivenessList")
public record LivenessList(@Schema(example = "200") int status, @Schema(example = "Succeeded.") String message,
        @JsonProperty("liveness_detections") List<Entry> livenessDetections) implements Answer {

    /**
     * A judged detection has a score and status 200 or 403, as the seed's examples; a request a capture check
     * refused has no score, the status and message it was answered with (400 or 415, e.g. "The face is too
     * close.").
     */
    @JsonPropertyOrder({"date", "detection_key", "message", "score", "status"})
    @Schema(name = "LivenessHistoryEntry")
    public record Entry(@Schema(example = "Thu, 05 Sep 2019 20:02:11 GMT") String date,
            @JsonProperty("detection_key") String detectionKey,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "only on a request a capture check refused: the message it was answered with",
                    example = "The face is too close.") String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "absent on a request a capture check refused", example = "0.9876") String score,
            @Schema(allowableValues = {"200", "403", "400", "415"}) int status) {

        /** A judged detection, in the seed's shape. */
        public Entry(String date, String detectionKey, String score, int status) {
            this(date, detectionKey, null, score, status);
        }
    }
}
