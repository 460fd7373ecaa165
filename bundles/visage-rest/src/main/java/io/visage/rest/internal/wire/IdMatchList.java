package io.visage.rest.internal.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v1/id_matches}: past ID matches. */
@JsonPropertyOrder({"status", "message", "id_matches"})
@Schema(name = "IdMatchList")
public record IdMatchList(@Schema(example = "200") int status, @Schema(example = "Succeeded.") String message,
        @JsonProperty("id_matches") List<Entry> idMatches) implements Answer {

    @JsonPropertyOrder({"date", "match_key", "score", "status"})
    @Schema(name = "IdMatchHistoryEntry")
    public record Entry(@Schema(example = "Thu, 05 Sep 2019 20:02:11 GMT") String date,
            @JsonProperty("match_key") String matchKey, @Schema(example = "0.7012") String score,
            @Schema(allowableValues = {"200", "403", "417"}) int status) {
    }
}
