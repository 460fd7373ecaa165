package io.visage.rest.internal;

import java.util.List;

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
import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.IdMatchRequest;
import io.visage.api.tenant.EndpointFamily;
import io.visage.rest.internal.wire.Forms;
import io.visage.rest.internal.wire.IdMatchAnswer;
import io.visage.rest.internal.wire.IdMatchList;
import io.visage.rest.internal.wire.Status;

/** {@code /v1/id_matches}: a selfie against the portrait on an ID document; and their history. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/id_matches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_ID, description = "A selfie matched against the portrait on an ID document.")
@Family(EndpointFamily.ID_MATCH)
public final class IdMatchesResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @Operation(summary = "Matching an ID",
            description = "Matches match_image (a selfie, liveness-checked) against the face on id_image.",
            parameters = {
                @Parameter(name = "liveness", in = ParameterIn.QUERY, description = "[OPTIONAL] Indicates if liveness detection is required (true or false) on match_image for a successful matching. Default is true.", schema = @Schema(type = "boolean", defaultValue = "true")),
                @Parameter(name = "save_image", in = ParameterIn.QUERY, description = "[OPTIONAL] Indicates if the images are to be saved (true or false) for later retrieval. Default is true.", schema = @Schema(type = "boolean", defaultValue = "true"))},
            requestBody = @RequestBody(required = true, content = {@Content(mediaType = ApiDocs.MULTIPART, schema = @Schema(implementation = Forms.IdMatch.class))}),
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = IdMatchAnswer.class), examples = {@ExampleObject(name = "Success", value = "{\"status\":200,\"message\":\"Request OK\",\"id_match\":{\"date\":\"Thu, 19 Nov 2020 14:06:31 GMT\",\"liveness\":{\"message\":\"Live person detected.\",\"score\":\"0.9876\",\"status\":200,\"threshold\":\"0.3000\"},\"match_key\":\"FvycXTsJ48WcGEJoq7i2XryA\",\"message\":\"ID successfully matched.\",\"saffe_grade\":\"0.4300\",\"score\":\"0.8451\",\"status\":200}}"), @ExampleObject(name = "Liveness fail", value = "{\"status\":200,\"message\":\"Request OK\",\"id_match\":{\"date\":\"Thu, 19 Nov 2020 14:08:18 GMT\",\"liveness\":{\"message\":\"Please try to avoid excessive light in the background.\",\"score\":\"0.1330\",\"status\":403,\"threshold\":\"0.3000\"},\"match_key\":\"a40eAGQRemGNI78oirNFfysf\",\"message\":\"Please try to avoid excessive light in the background.\",\"saffe_grade\":\"0.4300\",\"score\":\"0.1238\",\"status\":403}}"), @ExampleObject(name = "Faces does not match", value = "{\"status\":200,\"message\":\"Request OK\",\"id_match\":{\"date\":\"Thu, 19 Nov 2020 14:10:05 GMT\",\"liveness\":{\"message\":\"Live person detected.\",\"score\":\"0.9876\",\"status\":200,\"threshold\":\"0.3000\"},\"match_key\":\"N1XoMZTSYOZcHiRf2WPzEFBk\",\"message\":\"Face image does not match at Saffe grade.\",\"saffe_grade\":\"0.4300\",\"score\":\"0.0191\",\"status\":417}}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "No face detected", value = "{\"status\":400,\"message\":\"Could not detect a face. Try another image.\"}")})),
                @ApiResponse(responseCode = "415", description = ApiDocs.IMAGE_REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Face is too close", value = "{\"status\":415,\"message\":\"The face is too close.\"}"), @ExampleObject(name = "Face is too far", value = "{\"status\":415,\"message\":\"The face is too far.\"}"), @ExampleObject(name = "Face descentralized", value = "{\"status\":415,\"message\":\"The face is not enough centralized.\"}"), @ExampleObject(name = "Image in wrong orientation", value = "{\"status\":415,\"message\":\"The image is in wrong orientation. Must be portrait.\"}"), @ExampleObject(name = "Invalid image", value = "{\"status\":415,\"message\":\"Invalid image.\"}")}))})
    @POST
    public Response match() {
        ApiRequest request = request();
        GalleryMatch match = gallery().idMatch(tenant(), new IdMatchRequest(request.requiredFile("match_image"),
                request.requiredFile("id_image"), request.flag("liveness", true), request.flag("save_image", true)));
        IdMatchAnswer.Result result = new IdMatchAnswer.Result(Json.date(match.date()),
                match.imageKey().map(this::imageUrl).orElse(null), LivenessJson.idMatch(match.liveness()), match.matchKey(), MatchWording.idMessage(match),
                Json.score(match.saffeGrade()), Json.score(match.score()), MatchWording.status(match.decision()));
        return Json.respond(new IdMatchAnswer(200, "Request OK", result));
    }

    @Operation(summary = "Querying ID Matches",
            description = "Past ID matches, filtered by the optional parameters.",
            parameters = {
                @Parameter(name = "match_key", in = ParameterIn.QUERY, description = "[OPTIONAL] (string) unique identifier of the matching transaction.", schema = @Schema(type = "string")),
                @Parameter(name = "date_gte", in = ParameterIn.QUERY, description = ApiDocs.DATE_GTE, schema = @Schema(type = "integer")),
                @Parameter(name = "date_lt", in = ParameterIn.QUERY, description = ApiDocs.DATE_LT, schema = @Schema(type = "integer")),
                @Parameter(name = "limit", in = ParameterIn.QUERY, description = ApiDocs.LIMIT, schema = @Schema(type = "integer"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = IdMatchList.class), examples = {@ExampleObject(name = "Get all registers", value = "{\"status\":200,\"message\":\"Succeeded.\",\"id_matches\":[{\"date\":\"Mon, 19 Aug 2019 17:06:36 GMT\",\"match_key\":\"MkPohPZt6GR9iTjm8vBYHJDr\",\"score\":\"0.8517\",\"status\":200},{\"date\":\"Mon, 19 Aug 2019 17:07:12 GMT\",\"match_key\":\"XGzVqbRDYnZKmYDpJ4dlPimT\",\"score\":\"0.0140\",\"status\":417}]}"), @ExampleObject(name = "No results", value = "{\"status\":200,\"message\":\"Succeeded.\",\"id_matches\":[]}")}))})
    @GET
    public Response history() {
        List<IdMatchList.Entry> matches = gallery().idMatches(tenant(), request().history("match_key")).stream()
                .map(match -> new IdMatchList.Entry(Json.date(match.date()), match.matchKey(), Json.score(match.score()),
                        MatchWording.status(match.decision()))).toList();
        return Json.respond(new IdMatchList(200, "Succeeded.", matches));
    }
}
