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

/** {@code /v1/groups}: labels that restrict 1:N matching to a subset of users. */
@Path("{version: v[012]}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.GALLERY)
public class GroupsResource extends Resource {
    private final GalleryService gallery;

    GroupsResource(GalleryService gallery) {
        this.gallery = gallery;
    }

    @POST
    public Response create() {
        String name = request().text("group_name").orElse(null);
        gallery.createGroup(tenant(), name);
        return Json.respond(Json.status(200, "Group " + name + " successfully created."));
    }

    @GET
    public Response list() {
        Map<String, Object> body = Json.status(200, "Succeed");
        body.put("groups", gallery.groups(tenant()));
        return Json.respond(body);
    }

    @DELETE
    public Response delete() {
        gallery.deleteGroup(tenant(), request().text("group_name").orElse(null));
        return Json.respond(Json.status(200, "Group successfully deleted."));
    }
}
