package io.visage.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.visage.rest.internal.wire.Status;

/** {@code GET /health}: the process is up and its HTTP endpoint answers; nothing else is asked. */
@Component(service = OperatorResource.class)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_OPERATORS, description = "For load balancers and Prometheus; no tenant credentials.")
public final class HealthResource implements OperatorResource {

    @Operation(summary = "Liveness of the process", description = "200 whenever the process and its HTTP endpoint are up.",
            responses = @ApiResponse(responseCode = "200", description = "Alive", content = @Content(mediaType = ApiDocs.JSON,
                    schema = @Schema(implementation = Status.class),
                    examples = @ExampleObject(value = "{\"status\":200,\"message\":\"Alive.\"}"))))
    @GET
    public Response health() {
        return Json.respond(new Status(200, "Alive."));
    }
}
