package io.visage.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.visage.api.gallery.GalleryService;
import io.visage.api.tenant.EndpointFamily;

/** {@code GET /v1/user_logs}: create, update and delete history of the gallery's users. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/user_logs")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.GALLERY)
public final class UserLogsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @GET
    public Response query() {
        List<Map<String, Object>> logs = gallery().userLogs(tenant(), request().history(null)).stream()
                .map(log -> {
                    Map<String, Object> json = Json.object();
                    json.put("user_reference", log.userReference());
                    json.put("date", Json.date(log.date()));
                    json.put("type", log.type());
                    return json;
                }).collect(Collectors.toList());
        Map<String, Object> body = Json.status(200, "Succeeded.");
        body.put("user_logs", logs);
        return Json.respond(body);
    }
}
