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
import io.visage.rest.internal.wire.GroupList;
import io.visage.rest.internal.wire.Status;

/** {@code /v1/groups}: labels that restrict 1:N matching to a subset of users. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_GROUPS, description = "Groups restrict 1:N matching to a subset of the gallery's users.")
@Family(EndpointFamily.GALLERY)
public final class GroupsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @Operation(summary = "Create group",
            description = "Creates a group.",
            parameters = {
                @Parameter(name = "group_name", in = ParameterIn.QUERY, required = true, description = ApiDocs.GROUP_NAME, schema = @Schema(type = "string"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Success", value = "{\"status\":200,\"message\":\"Group group_name successfully created.\"}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Group already exists", value = "{\"status\":400,\"message\":\"Group group_name already exist.\"}")}))})
    @POST
    public Response create() {
        String name = request().text("group_name").orElse(null);
        gallery().createGroup(tenant(), name);
        return Json.respond(new Status(200, "Group " + name + " successfully created."));
    }

    @Operation(summary = "Query groups",
            description = "Lists the tenant's groups.",
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = GroupList.class), examples = {@ExampleObject(name = "Groups", value = "{\"status\":200,\"message\":\"Succeed\",\"groups\":[\"g1\",\"g2\",\"g3\"]}"), @ExampleObject(name = "No groups", value = "{\"status\":200,\"message\":\"Succeed\",\"groups\":[]}")}))})
    @GET
    public Response list() {
        return Json.respond(new GroupList(200, "Succeed", gallery().groups(tenant())));
    }

    @Operation(summary = "Delete group",
            description = "Deletes a group and its associations.",
            parameters = {
                @Parameter(name = "group_name", in = ParameterIn.QUERY, required = true, description = ApiDocs.GROUP_NAME, schema = @Schema(type = "string"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Success", value = "{\"status\":200,\"message\":\"Group successfully deleted.\"}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Group does not exist", value = "{\"status\":400,\"message\":\"Group group_name does not exist.\"}")}))})
    @DELETE
    public Response delete() {
        gallery().deleteGroup(tenant(), request().text("group_name").orElse(null));
        return Json.respond(new Status(200, "Group successfully deleted."));
    }
}
