package io.visage.rest.internal.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v2/gallery_matches}: past matches. */
@JsonPropertyOrder({"status", "message", "gallery_matches"})
@Schema(name = "GalleryMatchList")
public record GalleryMatchList(@Schema(example = "200") int status, @Schema(example = "Succeeded.") String message,
        @JsonProperty("gallery_matches") List<Entry> galleryMatches) implements Answer {

    @JsonPropertyOrder({"match_key", "date", "status", "score", "image_url", "user_reference", "saffe_grade"})
    @Schema(name = "GalleryMatchHistoryEntry")
    public record Entry(@JsonProperty("match_key") String matchKey,
            @Schema(example = "Thu, 05 Sep 2019 20:02:11 GMT") String date,
            @Schema(allowableValues = {"200", "403", "417"}) int status, @Schema(example = "0.8123") String score,
            @JsonProperty("image_url") @Schema(nullable = true) String imageUrl,
            @JsonProperty("user_reference") @Schema(nullable = true, description = "null for a 1:N match")
            String userReference,
            @JsonProperty("saffe_grade") @Schema(example = "0.4300") String saffeGrade) {
    }
}
