package io.visage.rest.internal.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST} and {@code PUT /v1/users}: registered or updated (image_url, the liveness block, the template
 * when asked for), or refused by liveness (status 403, the hint as message, the liveness block, no image_url).
 */
@JsonPropertyOrder({"status", "message", "image_url", "liveness", "template"})
@Schema(name = "Enrolment")
public record Enrolment(@Schema(example = "200") int status,
        @Schema(example = "User registered successfully.") String message,
        @JsonProperty("image_url") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Where the saved image is served, or \"Save image set to OFF at the request.\"",
                example = "https://<server>/v1/images/<key>") String imageUrl,
        EnrolmentLiveness liveness,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The protected template (OpenPGP, ASCII armoured), when return_template=true",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED) String template) implements Answer {
}
