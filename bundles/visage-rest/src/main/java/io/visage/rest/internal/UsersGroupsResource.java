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

/** {@code /v1/users_groups}: which users belong to which groups. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/users_groups")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.GALLERY)
public final class UsersGroupsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @POST
    public Response add() {
        ApiRequest request = request();
        gallery().addToGroup(tenant(), request.text("group_name").orElse(null),
                request.text("user_reference").orElse(null));
        return Json.respond(Json.status(200, "User successfully associated to the Group."));
    }

    @GET
    public Response list() {
        Map<String, Object> body = Json.status(200, "Succeed");
        body.put("groups", gallery().memberships(tenant()));
        return Json.respond(body);
    }

    @DELETE
    public Response remove() {
        ApiRequest request = request();
        gallery().removeFromGroup(tenant(), request.text("group_name").orElse(null),
                request.text("user_reference").orElse(null));
        return Json.respond(Json.status(200, "Association successfully removed."));
    }
}
