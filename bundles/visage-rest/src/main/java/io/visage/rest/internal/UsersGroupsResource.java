package io.visage.rest.internal;

import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.visage.api.gallery.GalleryService;
import io.visage.api.tenant.EndpointFamily;

/** {@code /v1/users_groups}: which users belong to which groups. */
@Path("{version: v[012]}/users_groups")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.GALLERY)
public class UsersGroupsResource extends Resource {
    private final GalleryService gallery;

    UsersGroupsResource(GalleryService gallery) {
        this.gallery = gallery;
    }

    @POST
    public Response add() {
        ApiRequest request = request();
        gallery.addToGroup(tenant(), request.text("group_name").orElse(null),
                request.text("user_reference").orElse(null));
        return Json.respond(Json.status(200, "User successfully associated to the Group."));
    }

    @GET
    public Response list() {
        Map<String, Object> body = Json.status(200, "Succeed");
        body.put("groups", gallery.memberships(tenant()));
        return Json.respond(body);
    }

    @DELETE
    public Response remove() {
        ApiRequest request = request();
        gallery.removeFromGroup(tenant(), request.text("group_name").orElse(null),
                request.text("user_reference").orElse(null));
        return Json.respond(Json.status(200, "Association successfully removed."));
    }
}
