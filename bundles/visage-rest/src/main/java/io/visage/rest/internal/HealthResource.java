package io.visage.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;

/** {@code GET /health}: the process is up and its HTTP endpoint answers; nothing else is asked. */
@Component(service = OperatorResource.class)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource implements OperatorResource {

    @GET
    public Response health() {
        return Json.respond(Json.status(200, "Alive."));
    }
}
