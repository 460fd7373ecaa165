package io.visage.rest.internal.wire;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /v2/gallery_matches}: the request was processed; the match block says how it came out. */
@JsonPropertyOrder({"status", "message", "gallery_match"})
@Schema(name = "GalleryMatchAnswer")
public record GalleryMatchAnswer(@Schema(example = "200") int status, @Schema(example = "Request OK") String message,
        @JsonProperty("gallery_match") Result galleryMatch) implements Answer {

    /**
     * The decision. A 1:N match (no user_reference) also lists its best candidates under {@code top<N>}, named
     * after top_n ({@code top1} by default).
     */
    @JsonPropertyOrder({"date", "image_url", "liveness", "match_key", "message", "saffe_grade", "score", "status"})
    @Schema(name = "GalleryMatch", additionalPropertiesSchema = Candidate[].class,
            description = "1:N only: top<N> (e.g. top1, top5), the best candidates in order")
    public record Result(@Schema(example = "Thu, 05 Sep 2019 20:02:11 GMT") String date,
            @JsonProperty("image_url") @Schema(description = "the saved probe image, or \"Save image set to OFF at the request.\"")
            String imageUrl,
            @Schema(oneOf = {String.class, MatchLiveness.class},
                    description = "{score, threshold}, or \"liveness set to OFF at the request.\"") Object liveness,
            @JsonProperty("match_key") @Schema(example = "3f1c9e0a6b2d4c8e") String matchKey,
            @Schema(example = "Face image match at Saffe grade.") String message,
            @JsonProperty("saffe_grade") @Schema(example = "0.4300") String saffeGrade,
            @Schema(example = "0.8123") String score,
            @Schema(description = "200 match, 417 no match, 403 spoof", allowableValues = {"200", "403", "417"}) int status,
            @JsonAnyGetter @Schema(hidden = true) Map<String, List<Candidate>> ranking) {
    }

    @JsonPropertyOrder({"score", "threshold"})
    @Schema(name = "MatchLiveness")
    public record MatchLiveness(@Schema(example = "0.9876") String score, @Schema(example = "0.3000") String threshold) {
    }

    /** One 1:N candidate; user_name is always empty, as in the seed. */
    @JsonPropertyOrder({"image_url", "label", "score", "user_name", "user_ref"})
    @Schema(name = "MatchCandidate")
    public record Candidate(@JsonProperty("image_url") @Schema(nullable = true) String imageUrl,
            @Schema(example = "top1") String label, @Schema(example = "0.8123") String score,
            @JsonProperty("user_name") @Schema(example = "") String userName,
            @JsonProperty("user_ref") @Schema(example = "user_01") String userRef) {
    }
}
