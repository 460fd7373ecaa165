package io.visage.rest.internal.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v1/groups}: the tenant's group names. */
@JsonPropertyOrder({"status", "message", "groups"})
@Schema(name = "GroupList")
public record GroupList(@Schema(example = "200") int status, @Schema(example = "Succeed") String message,
        List<String> groups) implements Answer {
}
