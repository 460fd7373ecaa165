package io.visage.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.visage.api.gallery.EnrolmentRequest;
import io.visage.api.gallery.EnrolmentResult;
import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;
import io.visage.api.tenant.EndpointFamily;

/** {@code /v1/users}: register, add a face to, delete and query the gallery's users. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/users")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.GALLERY)
public final class UsersResource extends Resource implements SaffeResource {
    static final String SAVE_OFF = "Save image set to OFF at the request.";

    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @POST
    public Response register() {
        return enrolment(gallery().register(tenant(), enrolmentRequest()), "User registered successfully.");
    }

    @PUT
    public Response update() {
        return enrolment(gallery().update(tenant(), enrolmentRequest()), "User updated successfully.");
    }

    @DELETE
    public Response delete() {
        gallery().delete(tenant(), request().text("user_reference").orElse(null));
        return Json.respond(Json.status(200, "User deleted."));
    }

    @GET
    public Response query() {
        ApiRequest request = request();
        UserQuery query = new UserQuery(request.text("user_reference"), request.timestamp("created_gte"),
                request.timestamp("created_lt"), request.positiveInt("limit"));
        List<Map<String, Object>> users = gallery().queryUsers(tenant(), query).stream()
                .map(this::toJson).collect(Collectors.toList());
        Map<String, Object> body = Json.status(200, "Succeeded.");
        body.put("users", users);
        return Json.respond(body);
    }

    private EnrolmentRequest enrolmentRequest() {
        ApiRequest request = request();
        String reference = request.text("user_reference").orElse(null);
        boolean liveness = request.flag("liveness", true);
        boolean saveImage = request.flag("save_image", true);
        boolean returnTemplate = request.flag("return_template", false);
        return new EnrolmentRequest(reference, request.requiredFile("image"), liveness, saveImage, returnTemplate);
    }

    private Response enrolment(EnrolmentResult result, String successMessage) {
        if (!result.enrolled()) {
            // Liveness failed: the seed answers with the hint at the top level and the liveness block.
            Map<String, Object> liveness = LivenessJson.enrolment(result.liveness());
            Map<String, Object> body = Json.status(403, (String) liveness.get("message"));
            body.put("liveness", liveness);
            return Json.respond(body);
        }
        Map<String, Object> body = Json.status(200, successMessage);
        body.put("image_url", result.imageKey().map(this::imageUrl).orElse(SAVE_OFF));
        body.put("liveness", LivenessJson.enrolment(result.liveness()));
        result.template().ifPresent(template -> body.put("template", template));
        return Json.respond(body);
    }

    private Map<String, Object> toJson(GalleryUser user) {
        Map<String, Object> json = Json.object();
        json.put("user_reference", user.userReference());
        json.put("created", Json.date(user.created()));
        user.imageKey().ifPresent(key -> json.put("image_url", imageUrl(key)));
        return json;
    }
}
