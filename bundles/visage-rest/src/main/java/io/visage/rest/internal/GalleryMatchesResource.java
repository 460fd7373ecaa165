package io.visage.rest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import io.visage.api.gallery.MatchCandidate;
import io.visage.api.gallery.MatchRequest;
import io.visage.api.tenant.EndpointFamily;
import io.visage.rest.internal.wire.Forms;
import io.visage.rest.internal.wire.GalleryMatchAnswer.Candidate;
import io.visage.rest.internal.wire.GalleryMatchAnswer;
import io.visage.rest.internal.wire.GalleryMatchList;
import io.visage.rest.internal.wire.Status;

/** {@code /v2/gallery_matches}: 1:1 with user_reference, 1:N without; and the history of matches. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/gallery_matches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_MATCHING, description = "1:1 matching against a known user, 1:N against all (or a group of) the gallery's users.")
@Family(EndpointFamily.GALLERY)
public final class GalleryMatchesResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @Operation(summary = "Match face picture",
            description = "1:1 with user_reference, 1:N without it (the best candidates under top<N>).",
            parameters = {
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, description = "Unique identifier of the user to be matched. Required for 1:1 matchings and necessarily absent for 1:N matchings.", schema = @Schema(type = "string")),
                @Parameter(name = "liveness", in = ParameterIn.QUERY, description = "[OPTIONAL] Indicates if liveness detection is required (true or false) for a successful matching. Default is true.", schema = @Schema(type = "boolean", defaultValue = "true")),
                @Parameter(name = "save_image", in = ParameterIn.QUERY, description = ApiDocs.SAVE_IMAGE, schema = @Schema(type = "boolean", defaultValue = "true")),
                @Parameter(name = "top_n", in = ParameterIn.QUERY, description = "[OPTIONAL] Number of comparisons to return in the topN list ordered by similarity.", schema = @Schema(type = "integer", defaultValue = "1")),
                @Parameter(name = "group_name", in = ParameterIn.QUERY, description = "[OPTIONAL] 1:N within these groups only (repeatable)", array = @io.swagger.v3.oas.annotations.media.ArraySchema(schema = @Schema(type = "string")))},
            requestBody = @RequestBody(required = true, content = {@Content(mediaType = ApiDocs.MULTIPART, schema = @Schema(implementation = Forms.GalleryMatch.class))}),
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = GalleryMatchAnswer.class), examples = {@ExampleObject(name = "1:1 matching at Saffe grade", value = "{\"status\":200,\"message\":\"Request OK\",\"gallery_match\":{\"date\":\"Wed, 14 Aug 2019 14:43:43 GMT\",\"image_url\":\"https://<server>/v1/images/<key>\",\"liveness\":{\"score\":\"0.9876\",\"threshold\":\"0.3000\"},\"match_key\":\"yiJ9cnSc1M6PpkNtRs4KKhFh\",\"message\":\"Face image match at Saffe grade.\",\"saffe_grade\":\"0.4300\",\"score\":\"0.8123\",\"status\":200}}"), @ExampleObject(name = "1:1 Matching at Saffe grade - liveness and save_image OFF", value = "{\"status\":200,\"message\":\"Request OK\",\"gallery_match\":{\"date\":\"Wed, 14 Aug 2019 14:46:37 GMT\",\"image_url\":\"Save image set to OFF at the request.\",\"liveness\":\"liveness set to OFF at the request.\",\"match_key\":\"wucMACpFYOV4eeecLH9ObG6z\",\"message\":\"Face image match at Saffe grade.\",\"saffe_grade\":\"0.4300\",\"score\":\"0.8123\",\"status\":200}}"), @ExampleObject(name = "1:N unsuccessful matching at Saffe grade", value = "{\"status\":200,\"message\":\"Request OK\",\"gallery_match\":{\"date\":\"Wed, 14 Aug 2019 15:09:32 GMT\",\"image_url\":\"https://<server>/v1/images/<key>\",\"liveness\":{\"score\":\"0.9876\",\"threshold\":\"0.3000\"},\"match_key\":\"nxlJWeIhH0nUUpvmFordjaeG\",\"message\":\"Face image does not match at Saffe grade.\",\"saffe_grade\":\"0.4300\",\"score\":\"0.1260\",\"status\":417,\"top2\":[{\"image_url\":\"https://<server>/v1/images/<key>\",\"label\":\"top1\",\"score\":\"0.1260\",\"user_name\":\"\",\"user_ref\":\"user02\"},{\"image_url\":null,\"label\":\"top2\",\"score\":\"0.1045\",\"user_name\":\"\",\"user_ref\":\"user04\"}]}}"), @ExampleObject(name = "Match image detected as fraudulent.", value = "{\"status\":200,\"message\":\"Request OK\",\"gallery_match\":{\"date\":\"Wed, 14 Aug 2019 15:26:46 GMT\",\"image_url\":\"https://<server>/v1/images/<key>\",\"liveness\":{\"score\":\"0.0698\",\"threshold\":\"0.3000\"},\"match_key\":\"SZgzIG8g334eE4gI19pgKuh9\",\"message\":\"Match image detected as fraudulent.\",\"saffe_grade\":\"0.4300\",\"score\":\"0.2088\",\"status\":403}}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "1:1 Matching - User not found", value = "{\"status\":400,\"message\":\"User not found.\"}"), @ExampleObject(name = "Empty gallery", value = "{\"status\":400,\"message\":\"The gallery is empty.\"}"), @ExampleObject(name = "No face detected", value = "{\"status\":400,\"message\":\"Could not detect a face. Try another image.\"}")})),
                @ApiResponse(responseCode = "415", description = ApiDocs.IMAGE_REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Face is too close", value = "{\"status\":415,\"message\":\"The face is too close.\"}"), @ExampleObject(name = "Face is too far", value = "{\"status\":415,\"message\":\"The face is too far.\"}"), @ExampleObject(name = "Face descentralized", value = "{\"status\":415,\"message\":\"The face is not enough centralized.\"}"), @ExampleObject(name = "Image in wrong orientation", value = "{\"status\":415,\"message\":\"The image is in wrong orientation. Must be portrait.\"}"), @ExampleObject(name = "Invalid image", value = "{\"status\":415,\"message\":\"Invalid image.\"}")}))})
    @POST
    public Response match() {
        ApiRequest request = request();
        List<String> groups = new ArrayList<>(request.values("group_name"));
        int topN = request.positiveInt("top_n").orElse(1);
        MatchRequest matchRequest = new MatchRequest(request.requiredFile("image"), request.text("user_reference"),
                topN, groups, request.flag("liveness", true), request.flag("save_image", true));
        GalleryMatch match = gallery().match(tenant(), matchRequest);
        // The seed names the 1:N list after its length: top5 for top_n=5. A 1:1 match has none.
        Map<String, List<Candidate>> ranking = matchRequest.userReference().isEmpty()
                ? Map.of("top" + topN, ranking(match.ranking())) : Map.of();
        GalleryMatchAnswer.Result result = new GalleryMatchAnswer.Result(Json.date(match.date()),
                match.imageKey().map(this::imageUrl).orElse(UsersResource.SAVE_OFF), LivenessJson.match(match.liveness()),
                match.matchKey(), MatchWording.galleryMessage(match.decision()), Json.score(match.saffeGrade()),
                Json.score(match.score()), MatchWording.status(match.decision()), ranking);
        return Json.respond(new GalleryMatchAnswer(200, "Request OK", result));
    }

    private List<Candidate> ranking(List<MatchCandidate> candidates) {
        List<Candidate> list = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            MatchCandidate candidate = candidates.get(i);
            list.add(new Candidate(candidate.imageKey().map(this::imageUrl).orElse(null), "top" + (i + 1),
                    Json.score(candidate.score()), "", candidate.userReference()));
        }
        return list;
    }

    @Operation(summary = "Querying matches",
            description = "Past gallery matches, filtered by the optional parameters.",
            parameters = {
                @Parameter(name = "user_reference", in = ParameterIn.QUERY, description = ApiDocs.USER_REFERENCE_MATCHED, schema = @Schema(type = "string")),
                @Parameter(name = "date_gte", in = ParameterIn.QUERY, description = ApiDocs.DATE_GTE, schema = @Schema(type = "integer")),
                @Parameter(name = "date_lt", in = ParameterIn.QUERY, description = ApiDocs.DATE_LT, schema = @Schema(type = "integer")),
                @Parameter(name = "limit", in = ParameterIn.QUERY, description = ApiDocs.LIMIT, schema = @Schema(type = "integer")),
                @Parameter(name = "match_key", in = ParameterIn.QUERY, description = "[OPTIONAL] unique identifier of the matching transaction.", schema = @Schema(type = "string"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = GalleryMatchList.class), examples = {@ExampleObject(name = "Get exact match by match_key", value = "{\"status\":200,\"message\":\"Succeeded.\",\"gallery_matches\":[{\"match_key\":\"P29YdOW3hz0YxrMQgI1VdX4O\",\"date\":\"Mon, 19 Aug 2019 16:53:32 GMT\",\"status\":417,\"score\":\"0.0233\",\"image_url\":\"https://<server>/v1/images/<key>\",\"user_reference\":\"u_ref_01\",\"saffe_grade\":\"0.4300\"}]}"), @ExampleObject(name = "No results", value = "{\"status\":200,\"message\":\"Succeeded.\",\"gallery_matches\":[]}")}))})
    @GET
    public Response history() {
        List<GalleryMatchList.Entry> matches = gallery().matches(tenant(), request().history("match_key")).stream()
                .map(match -> new GalleryMatchList.Entry(match.matchKey(), Json.date(match.date()),
                        MatchWording.status(match.decision()), Json.score(match.score()),
                        match.imageKey().map(this::imageUrl).orElse(null), match.userReference().orElse(null),
                        Json.score(match.saffeGrade()))).toList();
        return Json.respond(new GalleryMatchList(200, "Succeeded.", matches));
    }
}
