package io.visage.rest.internal;

import java.util.List;

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
import io.visage.rest.internal.wire.Status;
import io.visage.rest.internal.wire.UserLogList;

/** {@code GET /v1/user_logs}: create, update and delete history of the gallery's users. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/user_logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_USERS, description = "Both 1:1 and 1:N gallery matching require that users are previously enrolled in the gallery.")
@Family(EndpointFamily.GALLERY)
public final class UserLogsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @Operation(summary = "User history",
            description = "Create, update and delete history of the gallery's users.",
            parameters = {
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, description = ApiDocs.USER_REFERENCE_MATCHED, schema = @Schema(type = "string")),
                @Parameter(name = "date_gte", in = ParameterIn.QUERY, description = ApiDocs.DATE_GTE, schema = @Schema(type = "integer")),
                @Parameter(name = "date_lt", in = ParameterIn.QUERY, description = ApiDocs.DATE_LT, schema = @Schema(type = "integer")),
                @Parameter(name = "limit", in = ParameterIn.QUERY, description = ApiDocs.LIMIT, schema = @Schema(type = "integer")),
                @Parameter(name = "type", in = ParameterIn.QUERY, description = "[OPTIONAL] Type of operation create, update or delete", schema = @Schema(type = "string", allowableValues = {"create", "update", "delete"}))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UserLogList.class), examples = {@ExampleObject(name = "Success", value = "{\"status\":200,\"message\":\"Succeeded.\",\"user_logs\":[{\"user_reference\":\"user_10\",\"date\":\"Sun, 10 Nov 2019 16:21:41 GMT\",\"type\":\"delete\"}]}"), @ExampleObject(name = "No results", value = "{\"status\":200,\"message\":\"Succeeded.\",\"user_logs\":[]}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Unknown type", value = "{\"status\":400,\"message\":\"Parameter type must be one of create, update, delete.\"}")}))})
    @GET
    public Response query() {
        List<UserLogList.Entry> logs = gallery().userLogs(tenant(), request().history(null)).stream()
                .map(log -> new UserLogList.Entry(log.userReference(), Json.date(log.date()), log.type())).toList();
        return Json.respond(new UserLogList(200, "Succeeded.", logs));
    }
}
