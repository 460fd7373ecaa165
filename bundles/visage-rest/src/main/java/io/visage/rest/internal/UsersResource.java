package io.visage.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;
import io.visage.api.tenant.EndpointFamily;

/** {@code /v1/users}: the gallery's enrolled users. */
@Path("{version: v[012]}/users")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.GALLERY)
public class UsersResource extends Resource {
    private final GalleryService gallery;

    UsersResource(GalleryService gallery) {
        this.gallery = gallery;
    }

    @GET
    public Response query() {
        ApiRequest request = request();
        UserQuery query = new UserQuery(request.text("user_reference"), request.timestamp("created_gte"),
                request.timestamp("created_lt"), request.positiveInt("limit"));
        List<Map<String, Object>> users = gallery.queryUsers(tenant(), query).stream()
                .map(UsersResource::toJson).collect(Collectors.toList());
        Map<String, Object> body = Json.status(200, "Succeeded.");
        body.put("users", users);
        return Json.respond(body);
    }

    private static Map<String, Object> toJson(GalleryUser user) {
        Map<String, Object> json = Json.object();
        json.put("user_reference", user.userReference());
        json.put("created", Json.date(user.created()));
        user.imagePath().ifPresent(path -> json.put("image_url", path));
        return json;
    }
}
