package io.visage.rest.internal.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /v1/id_matches}. */
@JsonPropertyOrder({"status", "message", "id_match"})
@Schema(name = "IdMatchAnswer")
public record IdMatchAnswer(@Schema(example = "200") int status, @Schema(example = "Request OK") String message,
        @JsonProperty("id_match") Result idMatch) implements Answer {

    @JsonPropertyOrder({"date", "image_url", "liveness", "match_key", "message", "saffe_grade", "score", "status"})
    @Schema(name = "IdMatch")
    public record Result(@Schema(example = "Thu, 05 Sep 2019 20:02:11 GMT") String date,
            @JsonProperty("image_url") @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(nullable = true, description = "the saved match image, as for gallery matches; absent unless "
                    + "save_image kept the images") String imageUrl,
            @Schema(oneOf = {String.class, IdMatchLiveness.class},
                    description = "{message, score, status, threshold}, or \"liveness set to OFF at the request.\"")
            Object liveness,
            @JsonProperty("match_key") String matchKey,
            @Schema(example = "ID successfully matched.") String message,
            @JsonProperty("saffe_grade") @Schema(example = "0.4300") String saffeGrade,
            @Schema(example = "0.7012") String score,
            @Schema(description = "200 match, 417 no match, 403 spoof", allowableValues = {"200", "403", "417"}) int status) {
    }

    @JsonPropertyOrder({"message", "score", "status", "threshold"})
    @Schema(name = "IdMatchLiveness")
    public record IdMatchLiveness(@Schema(example = "Live person detected.") String message,
            @Schema(example = "0.9876") String score, @Schema(example = "200") int status,
            @Schema(example = "0.3000") String threshold) {
    }
}
