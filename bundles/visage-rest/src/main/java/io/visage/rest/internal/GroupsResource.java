package io.visage.rest.internal;

import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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

/** {@code /v1/groups}: labels that restrict 1:N matching to a subset of users. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.GALLERY)
public final class GroupsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @POST
    public Response create() {
        String name = request().text("group_name").orElse(null);
        gallery().createGroup(tenant(), name);
        return Json.respond(Json.status(200, "Group " + name + " successfully created."));
    }

    @GET
    public Response list() {
        Map<String, Object> body = Json.status(200, "Succeed");
        body.put("groups", gallery().groups(tenant()));
        return Json.respond(body);
    }

    @DELETE
    public Response delete() {
        gallery().deleteGroup(tenant(), request().text("group_name").orElse(null));
        return Json.respond(Json.status(200, "Group successfully deleted."));
    }
}
