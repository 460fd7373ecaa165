package io.visage.rest.internal.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /ready} while a part is missing: which ones. */
@JsonPropertyOrder({"status", "message", "missing"})
@Schema(name = "NotReady")
public record NotReady(@Schema(example = "503") int status, @Schema(example = "Not ready.") String message,
        @ArraySchema(schema = @Schema(example = "storage",
                description = "storage, index, or a pipeline stage such as face-detector")) List<String> missing)
        implements Answer {
}
