package io.visage.rest.internal.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The liveness block of an enrolment: {status, message, score, threshold}, or only
 * {@code {"message":"liveness set to OFF at the request"}}.
 */
@JsonPropertyOrder({"status", "message", "score", "threshold"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "EnrolmentLiveness")
public record EnrolmentLiveness(@Schema(example = "200", description = "200 live, 403 not") Integer status,
        @Schema(example = "Live person detected") String message,
        @Schema(example = "0.9876", description = "four decimals") String score,
        @Schema(example = "0.3000") String threshold) {

    public static EnrolmentLiveness off(String message) {
        return new EnrolmentLiveness(null, message, null, null);
    }
}
