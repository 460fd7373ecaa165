package io.visage.rest.internal.wire;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v1/users_groups}: each group's user references, by group name. */
@JsonPropertyOrder({"status", "message", "groups"})
@Schema(name = "MembershipList")
public record MembershipList(@Schema(example = "200") int status, @Schema(example = "Succeed") String message,
        @Schema(description = "group name -> user references", example = "{\"group_1\":[\"user_01\",\"user_02\"]}")
        Map<String, List<String>> groups) implements Answer {
}
