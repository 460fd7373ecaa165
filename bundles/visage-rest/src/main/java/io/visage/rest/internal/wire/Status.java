package io.visage.rest.internal.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** The seed's plain answer, and every error: {@code {"status":400,"message":"Missing required parameter."}}. */
@JsonPropertyOrder({"status", "message"})
@Schema(name = "Status", description = "The seed's plain answer and every error.")
public record Status(
        @Schema(description = "Tentatively the HTTP status; also the status of the HTTP answer.", example = "200") int status,
        @Schema(description = "What happened, in the seed's words.", example = "Request OK") String message)
        implements Answer {
}
