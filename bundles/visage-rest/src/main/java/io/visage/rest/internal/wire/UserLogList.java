package io.visage.rest.internal.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v1/user_logs}. */
@JsonPropertyOrder({"status", "message", "user_logs"})
@Schema(name = "UserLogList")
public record UserLogList(@Schema(example = "200") int status, @Schema(example = "Succeeded.") String message,
        @JsonProperty("user_logs") List<Entry> userLogs) implements Answer {

    @JsonPropertyOrder({"user_reference", "date", "type"})
    @Schema(name = "UserLog")
    public record Entry(@JsonProperty("user_reference") @Schema(example = "user_01") String userReference,
            @Schema(example = "Thu, 05 Sep 2019 20:02:11 GMT") String date,
            @Schema(allowableValues = {"create", "update", "delete"}) String type) {
    }
}
