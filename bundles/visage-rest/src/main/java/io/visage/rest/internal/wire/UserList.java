package io.visage.rest.internal.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v1/users}. */
@JsonPropertyOrder({"status", "message", "users"})
@Schema(name = "UserList")
public record UserList(@Schema(example = "200") int status, @Schema(example = "Succeeded.") String message,
        List<Entry> users) implements Answer {

    /** One gallery user; image_url only when an image was saved. */
    @JsonPropertyOrder({"user_reference", "created", "image_url"})
    @Schema(name = "GalleryUser")
    public record Entry(@JsonProperty("user_reference") @Schema(example = "user_01") String userReference,
            @Schema(description = "RFC 1123, GMT", example = "Thu, 05 Sep 2019 20:02:11 GMT") String created,
            @JsonProperty("image_url") @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String imageUrl) {
    }
}
