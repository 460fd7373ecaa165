package io.visage.rest.internal.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The request bodies, for the API description only: the parser reads every field from the query string, a
 * url-encoded or a multipart body alike, and credentials also from the X-Api-User / X-Api-Key headers.
 */
public final class Forms {
    static final String API_USER = "(string) API user provided by a Saffe representative";
    static final String API_KEY = "(string) API key provided by a Saffe representative";

    private Forms() {
    }

    @JsonPropertyOrder({"api_user", "api_key", "image"})
    @Schema(name = "EnrolmentForm")
    public record Enrolment(@JsonProperty("api_user") @Schema(description = API_USER) String apiUser,
            @JsonProperty("api_key") @Schema(description = API_KEY, format = "password") String apiKey,
            @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "VGA-resolution facial image to be processed and stored in the gallery for later "
                            + "matching. Shall be submitted as part of a multipart/form-data.") String image) {
    }

    @JsonPropertyOrder({"api_user", "api_key", "image"})
    @Schema(name = "GalleryMatchForm")
    public record GalleryMatch(@JsonProperty("api_user") @Schema(description = API_USER) String apiUser,
            @JsonProperty("api_key") @Schema(description = API_KEY, format = "password") String apiKey,
            @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "New VGA-resolution facial image to be matched. Shall be submitted as part of a "
                            + "multipart/form-data.") String image) {
    }

    @JsonPropertyOrder({"api_user", "api_key", "match_image", "id_image"})
    @Schema(name = "IdMatchForm")
    public record IdMatch(@JsonProperty("api_user") @Schema(description = API_USER) String apiUser,
            @JsonProperty("api_key") @Schema(description = API_KEY, format = "password") String apiKey,
            @JsonProperty("match_image") @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "VGA-resolution facial image to be matched with the one provided in the ID image")
            String matchImage,
            @JsonProperty("id_image") @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "ID image containing facial picture in upright position. Image should not to exceed "
                            + "1200x1600 pixels in size for the sake of a quick matching") String idImage) {
    }

    @JsonPropertyOrder({"api_user", "api_key", "image", "image2"})
    @Schema(name = "LivenessForm")
    public record Liveness(@JsonProperty("api_user") @Schema(description = API_USER) String apiUser,
            @JsonProperty("api_key") @Schema(description = API_KEY, format = "password") String apiKey,
            @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "VGA-resolution facial image to be submitted to the liveness detector") String image,
            @Schema(type = "string", format = "binary",
                    description = "[OPTIONAL] A second image of the same capture; the lower score decides") String image2) {
    }

    @JsonPropertyOrder({"api_user", "api_key", "image", "quality_measures"})
    @Schema(name = "FaceDetectionForm")
    public record FaceDetection(@JsonProperty("api_user") @Schema(description = API_USER) String apiUser,
            @JsonProperty("api_key") @Schema(description = API_KEY, format = "password") String apiKey,
            @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "VGA-resolution facial image to be submitted to the facial detector.") String image,
            @JsonProperty("quality_measures") @Schema(type = "boolean", defaultValue = "false", description = "[OPTIONAL] If "
                    + "true returns several quality measures according to  ISO/IEC 29794-5. Default is false.")
            String qualityMeasures) {
    }
}
