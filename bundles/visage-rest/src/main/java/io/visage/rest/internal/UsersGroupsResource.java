package io.visage.rest.internal;

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

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.visage.api.gallery.GalleryService;
import io.visage.api.tenant.EndpointFamily;
import io.visage.rest.internal.wire.MembershipList;
import io.visage.rest.internal.wire.Status;

/** {@code /v1/users_groups}: which users belong to which groups. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/users_groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_GROUPS, description = "Groups restrict 1:N matching to a subset of the gallery's users.")
@Family(EndpointFamily.GALLERY)
public final class UsersGroupsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @Operation(summary = "Add user to a group",
            description = "Associates a user with a group.",
            parameters = {
                @Parameter(name = "group_name", in = ParameterIn.QUERY, required = true, description = ApiDocs.GROUP_NAME, schema = @Schema(type = "string")),
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, required = true, description = "Unique identifier of the user.", schema = @Schema(type = "string"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Success", value = "{\"status\":200,\"message\":\"User successfully associated to the Group.\"}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "User not found", value = "{\"status\":400,\"message\":\"User user_reference not found.\"}"), @ExampleObject(name = "Group does not exist", value = "{\"status\":400,\"message\":\"Group group_name does not exist.\"}")}))})
    @POST
    public Response add() {
        ApiRequest request = request();
        gallery().addToGroup(tenant(), request.text("group_name").orElse(null),
                request.text("user_reference").orElse(null));
        return Json.respond(new Status(200, "User successfully associated to the Group."));
    }

    @Operation(summary = "Query users in groups",
            description = "Each group's users, by group name.",
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = MembershipList.class), examples = {@ExampleObject(name = "Success", value = "{\"status\":200,\"message\":\"Succeed\",\"groups\":{\"group_name1\":[\"user_reference_1\"],\"group_name_n\":[\"user_reference_1\",\"user_reference_m\"]}}")}))})
    @GET
    public Response list() {
        return Json.respond(new MembershipList(200, "Succeed", gallery().memberships(tenant())));
    }

    @Operation(summary = "Remove user from group",
            description = "Removes a user's association with a group.",
            parameters = {
                @Parameter(name = "group_name", in = ParameterIn.QUERY, required = true, description = ApiDocs.GROUP_NAME, schema = @Schema(type = "string")),
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, required = true, description = "Unique identifier of the user.", schema = @Schema(type = "string"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Success", value = "{\"status\":200,\"message\":\"Association successfully removed.\"}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Association does not exist", value = "{\"status\":400,\"message\":\"Association does not exist.\"}")}))})
    @DELETE
    public Response remove() {
        ApiRequest request = request();
        gallery().removeFromGroup(tenant(), request.text("group_name").orElse(null),
                request.text("user_reference").orElse(null));
        return Json.respond(new Status(200, "Association successfully removed."));
    }
}
