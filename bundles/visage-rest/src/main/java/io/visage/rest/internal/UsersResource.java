package io.visage.rest.internal;

import java.util.List;

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

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.visage.api.gallery.EnrolmentRequest;
import io.visage.api.gallery.EnrolmentResult;
import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;
import io.visage.api.tenant.EndpointFamily;
import io.visage.rest.internal.wire.Enrolment;
import io.visage.rest.internal.wire.EnrolmentLiveness;
import io.visage.rest.internal.wire.Forms;
import io.visage.rest.internal.wire.Status;
import io.visage.rest.internal.wire.UserList;

/** {@code /v1/users}: register, add a face to, delete and query the gallery's users. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_USERS, description = "Both 1:1 and 1:N gallery matching require that users are previously enrolled in the gallery.")
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

    @Operation(summary = "User registration",
            description = "Registers a new user in the gallery with the identifier user_reference. Note: user_reference is case sensitive.",
            parameters = {
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, required = true, description = "Unique identifier of the user for later use in the matching of a new face with such a gallery image", schema = @Schema(type = "string")),
                @Parameter(name = "liveness", in = ParameterIn.QUERY, description = "[OPTIONAL] Indicates if liveness detection is required (true or false) for a successful registration. Default is true.", schema = @Schema(type = "boolean", defaultValue = "true")),
                @Parameter(name = "save_image", in = ParameterIn.QUERY, description = ApiDocs.SAVE_IMAGE, schema = @Schema(type = "boolean", defaultValue = "true")),
                @Parameter(name = "return_template", in = ParameterIn.QUERY, description = ApiDocs.RETURN_TEMPLATE, schema = @Schema(type = "boolean", defaultValue = "false"))},
            requestBody = @RequestBody(required = true, content = {@Content(mediaType = ApiDocs.MULTIPART, schema = @Schema(implementation = Forms.Enrolment.class))}),
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Enrolment.class), examples = {@ExampleObject(name = "Success - Liveness ON", value = "{\"status\":200,\"message\":\"User registered successfully.\",\"image_url\":\"https://<server>/v1/images/<key>\",\"liveness\":{\"status\":200,\"message\":\"Live person detected\",\"score\":\"0.9876\",\"threshold\":\"0.3000\"}}"), @ExampleObject(name = "Success - Liveness OFF", value = "{\"status\":200,\"message\":\"User registered successfully.\",\"image_url\":\"https://<server>/v1/images/<key>\",\"liveness\":{\"message\":\"liveness set to OFF at the request\"}}"), @ExampleObject(name = "Success with template return", value = "{\"status\":200,\"message\":\"User registered successfully.\",\"image_url\":\"Save image set to OFF at the request.\",\"liveness\":{\"message\":\"liveness set to OFF at the request\"},\"template\":\"wy4ECQMIDAZQfFAbTUP/Bjd3x2H7ExoSJ...F0MhA1C6JPDRoKTEoU\\nF4YZIovxXuVKOsJv\\n=QDAW\"}")})),
                @ApiResponse(responseCode = "403", description = "Liveness fail: the hint as message, and the liveness block", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Enrolment.class), examples = {@ExampleObject(name = "Liveness fail", value = "{\"status\":403,\"message\":\"Please try to avoid excessive light in the background.\",\"liveness\":{\"status\":403,\"message\":\"Please try to avoid excessive light in the background.\",\"score\":\"0.1330\",\"threshold\":\"0.3000\"}}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "User already exists", value = "{\"status\":400,\"message\":\"User <user_reference> already exists.\"}"), @ExampleObject(name = "No face detected", value = "{\"status\":400,\"message\":\"Could not detect a face. Try another image.\"}")})),
                @ApiResponse(responseCode = "415", description = ApiDocs.IMAGE_REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Face is too close", value = "{\"status\":415,\"message\":\"The face is too close.\"}"), @ExampleObject(name = "Face is too far", value = "{\"status\":415,\"message\":\"The face is too far.\"}"), @ExampleObject(name = "Face descentralized", value = "{\"status\":415,\"message\":\"The face is not enough centralized.\"}"), @ExampleObject(name = "Image in wrong orientation", value = "{\"status\":415,\"message\":\"The image is in wrong orientation. Must be portrait.\"}"), @ExampleObject(name = "Invalid image", value = "{\"status\":415,\"message\":\"Invalid image.\"}")}))})
    @POST
    public Response register() {
        return enrolment(gallery().register(tenant(), enrolmentRequest()), "User registered successfully.");
    }

    @Operation(summary = "User update",
            description = "Updates the gallery by adding a new image to the already existing records of a given user.",
            parameters = {
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, required = true, description = "Unique identifier of the user to be updated.", schema = @Schema(type = "string")),
                @Parameter(name = "liveness", in = ParameterIn.QUERY, description = "[OPTIONAL] Indicates if liveness detection is required (true or false) for a successful update. Default is true.", schema = @Schema(type = "boolean", defaultValue = "true")),
                @Parameter(name = "save_image", in = ParameterIn.QUERY, description = ApiDocs.SAVE_IMAGE, schema = @Schema(type = "boolean", defaultValue = "true")),
                @Parameter(name = "return_template", in = ParameterIn.QUERY, description = ApiDocs.RETURN_TEMPLATE, schema = @Schema(type = "boolean", defaultValue = "false"))},
            requestBody = @RequestBody(required = true, content = {@Content(mediaType = ApiDocs.MULTIPART, schema = @Schema(implementation = Forms.Enrolment.class))}),
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Enrolment.class), examples = {@ExampleObject(name = "Success - Liveness ON", value = "{\"status\":200,\"message\":\"User updated successfully.\",\"image_url\":\"https://<server>/v1/images/<key>\",\"liveness\":{\"status\":200,\"message\":\"Live person detected\",\"score\":\"0.9876\",\"threshold\":\"0.3000\"}}"), @ExampleObject(name = "Success - Liveness OFF", value = "{\"status\":200,\"message\":\"User updated successfully.\",\"image_url\":\"https://<server>/v1/images/<key>\",\"liveness\":{\"message\":\"liveness set to OFF at the request\"}}"), @ExampleObject(name = "Success with template return", value = "{\"status\":200,\"message\":\"User updated successfully.\",\"image_url\":\"Save image set to OFF at the request.\",\"liveness\":{\"message\":\"liveness set to OFF at the request\"},\"template\":\"wy4ECQMIDAZQfFAbTUP/Bjd3x2H7ExoSJ...F0MhA1C6JPDRoKTEoU\\nF4YZIovxXuVKOsJv\\n=QDAW\"}")})),
                @ApiResponse(responseCode = "403", description = "Liveness fail: the hint as message, and the liveness block", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Enrolment.class), examples = {@ExampleObject(name = "Liveness fail", value = "{\"status\":403,\"message\":\"Please try to avoid excessive light in the background.\",\"liveness\":{\"status\":403,\"message\":\"Please try to avoid excessive light in the background.\",\"score\":\"0.1330\",\"threshold\":\"0.3000\"}}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "User not found", value = "{\"status\":400,\"message\":\"User <user_reference> not found.\"}"), @ExampleObject(name = "No face detected", value = "{\"status\":400,\"message\":\"Could not detect a face. Try another image.\"}")})),
                @ApiResponse(responseCode = "415", description = ApiDocs.IMAGE_REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Face is too close", value = "{\"status\":415,\"message\":\"The face is too close.\"}"), @ExampleObject(name = "Face is too far", value = "{\"status\":415,\"message\":\"The face is too far.\"}"), @ExampleObject(name = "Face descentralized", value = "{\"status\":415,\"message\":\"The face is not enough centralized.\"}"), @ExampleObject(name = "Image in wrong orientation", value = "{\"status\":415,\"message\":\"The image is in wrong orientation. Must be portrait.\"}"), @ExampleObject(name = "Invalid image", value = "{\"status\":415,\"message\":\"Invalid image.\"}")}))})
    @PUT
    public Response update() {
        return enrolment(gallery().update(tenant(), enrolmentRequest()), "User updated successfully.");
    }

    @Operation(summary = "User deletion",
            description = "Permanently delete a registered user.",
            parameters = {
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, required = true, description = "Unique identifier of the user to be deleted.", schema = @Schema(type = "string"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Success", value = "{\"status\":200,\"message\":\"User deleted.\"}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "User not found", value = "{\"status\":400,\"message\":\"User <user_reference> not found.\"}"), @ExampleObject(name = "Empty gallery", value = "{\"status\":400,\"message\":\"Gallery for given request not found.\"}")}))})
    @DELETE
    public Response delete() {
        gallery().delete(tenant(), request().text("user_reference").orElse(null));
        return Json.respond(new Status(200, "User deleted."));
    }

    @Operation(summary = "Querying users",
            description = "Lists the gallery's users, filtered by the optional parameters.",
            parameters = {
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, description = ApiDocs.USER_REFERENCE_OPTIONAL, schema = @Schema(type = "string")),
                @Parameter(name = "created_gte", in = ParameterIn.QUERY, description = "[OPTIONAL] (integer) UNIX timestamp to filter users created only after (greater than or equal to) such date.", schema = @Schema(type = "integer")),
                @Parameter(name = "created_lt", in = ParameterIn.QUERY, description = "[OPTIONAL] (integer) UNIX timestamp to filter users created only before (less than) such date.", schema = @Schema(type = "integer")),
                @Parameter(name = "limit", in = ParameterIn.QUERY, description = "[OPTIONAL] (integer) Maximum number of users to retrieve in the request.", schema = @Schema(type = "integer"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UserList.class), examples = {@ExampleObject(name = "Get exact user by user_reference", value = "{\"status\":200,\"message\":\"Succeeded.\",\"users\":[{\"user_reference\":\"user_01\",\"created\":\"Fri, 18 Oct 2019 13:24:02 GMT\",\"image_url\":\"https://<server>/v1/images/<key>\"}]}"), @ExampleObject(name = "User does not exist", value = "{\"status\":200,\"message\":\"Succeeded.\",\"users\":[]}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Timestamp not an integer", value = "{\"status\":400,\"message\":\"Parameter created_gte must be an integer Unix timestamp.\"}")}))})
    @GET
    public Response query() {
        ApiRequest request = request();
        UserQuery query = new UserQuery(request.text("user_reference"), request.timestamp("created_gte"),
                request.timestamp("created_lt"), request.positiveInt("limit"));
        List<UserList.Entry> users = gallery().queryUsers(tenant(), query).stream().map(this::entry).toList();
        return Json.respond(new UserList(200, "Succeeded.", users));
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
            EnrolmentLiveness liveness = LivenessJson.enrolment(result.liveness());
            return Json.respond(new Enrolment(403, liveness.message(), null, liveness, null));
        }
        return Json.respond(new Enrolment(200, successMessage, result.imageKey().map(this::imageUrl).orElse(SAVE_OFF),
                LivenessJson.enrolment(result.liveness()), result.template().orElse(null)));
    }

    private UserList.Entry entry(GalleryUser user) {
        return new UserList.Entry(user.userReference(), Json.date(user.created()),
                user.imageKey().map(this::imageUrl).orElse(null));
    }
}
