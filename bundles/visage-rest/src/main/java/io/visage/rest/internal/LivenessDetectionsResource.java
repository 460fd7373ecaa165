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
import io.visage.api.analysis.LivenessDetection;
import io.visage.api.analysis.LivenessService;
import io.visage.api.tenant.EndpointFamily;
import io.visage.rest.internal.wire.Forms;
import io.visage.rest.internal.wire.LivenessAnswer;
import io.visage.rest.internal.wire.LivenessList;
import io.visage.rest.internal.wire.Status;

/** {@code /v2/liveness_detections}: passive liveness on one or two images, and the history of detections. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/liveness_detections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_LIVENESS, description = "Passive liveness on one or two images.")
@Family(EndpointFamily.LIVENESS)
public final class LivenessDetectionsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LivenessService liveness;

    private LivenessService liveness() {
        return available(liveness, LivenessService.class);
    }

    @Operation(summary = "Detecting liveness",
            description = "Passive liveness on image (and image2, when sent: both must be live).",
            parameters = {
                @Parameter(name = "save_image", in = ParameterIn.QUERY, description = "[OPTIONAL] Indicates if the analyzed images will be saved or not in the server. Default is true.", schema = @Schema(type = "boolean", defaultValue = "true"))},
            requestBody = @RequestBody(required = true, content = {@Content(mediaType = ApiDocs.MULTIPART, schema = @Schema(implementation = Forms.Liveness.class))}),
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = LivenessAnswer.class), examples = {@ExampleObject(name = "Live person detected", value = "{\"status\":200,\"message\":\"Request OK\",\"liveness\":{\"date\":\"Mon, 19 Aug 2019 17:29:07 GMT\",\"detection_key\":\"76NXngOneQuSQWizrw6S1cQm\",\"message\":\"Live person detected.\",\"score\":\"0.9876\",\"status\":200,\"threshold\":\"0.3000\"}}"), @ExampleObject(name = "Liveness fail", value = "{\"status\":200,\"message\":\"Request OK\",\"liveness\":{\"date\":\"Thu, 19 Nov 2020 14:13:58 GMT\",\"detection_key\":\"sry8rKwSlSaM7P6sZ5oZ8Gft\",\"message\":\"Please try to avoid excessive light in the background.\",\"score\":\"0.1330\",\"status\":403,\"threshold\":\"0.3000\"}}")})),
                @ApiResponse(responseCode = "400", description = ApiDocs.REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "No face detected", value = "{\"status\":400,\"message\":\"Could not detect a face. Try another image.\"}")})),
                @ApiResponse(responseCode = "415", description = ApiDocs.IMAGE_REFUSED, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class), examples = {@ExampleObject(name = "Face is too close", value = "{\"status\":415,\"message\":\"The face is too close.\"}"), @ExampleObject(name = "Face is too far", value = "{\"status\":415,\"message\":\"The face is too far.\"}"), @ExampleObject(name = "Face descentralized", value = "{\"status\":415,\"message\":\"The face is not enough centralized.\"}"), @ExampleObject(name = "Image in wrong orientation", value = "{\"status\":415,\"message\":\"The image is in wrong orientation. Must be portrait.\"}"), @ExampleObject(name = "Invalid image", value = "{\"status\":415,\"message\":\"Invalid image.\"}")}))})
    @POST
    public Response detect() {
        ApiRequest request = request();
        LivenessDetection detection = liveness().detect(tenant(), request.requiredFile("image"),
                request.file("image2"), request.flag("save_image", true));
        return Json.respond(new LivenessAnswer(200, "Request OK", new LivenessAnswer.Result(Json.date(detection.date()),
                detection.detectionKey(), detection.message(), Json.score(detection.score()), detection.status(),
                Json.score(detection.threshold()))));
    }

    @Operation(summary = "Querying detections",
            description = "Past liveness detections, filtered by the optional parameters. Requests a capture check refused are listed too, with the status and message they were answered with and no score.",
            parameters = {
                @Parameter(name = "detection_key", in = ParameterIn.QUERY, description = "[OPTIONAL] (string) unique identifier of the detection transaction.", schema = @Schema(type = "string")),
                @Parameter(name = "date_gte", in = ParameterIn.QUERY, description = ApiDocs.DATE_GTE, schema = @Schema(type = "integer")),
                @Parameter(name = "date_lt", in = ParameterIn.QUERY, description = ApiDocs.DATE_LT, schema = @Schema(type = "integer")),
                @Parameter(name = "limit", in = ParameterIn.QUERY, description = ApiDocs.LIMIT, schema = @Schema(type = "integer"))},
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = LivenessList.class), examples = {@ExampleObject(name = "Get register by detection_key", value = "{\"status\":200,\"message\":\"Succeeded.\",\"liveness_detections\":[{\"date\":\"Mon, 19 Aug 2019 17:30:39 GMT\",\"detection_key\":\"KcnIsL4B0kGJOxOaCCkGETuy\",\"score\":\"0.0698\",\"status\":403}]}"), @ExampleObject(name = "With a request a capture check refused", value = "{\"status\":200,\"message\":\"Succeeded.\",\"liveness_detections\":[{\"date\":\"Mon, 19 Aug 2019 17:30:39 GMT\",\"detection_key\":\"KcnIsL4B0kGJOxOaCCkGETuy\",\"score\":\"0.0698\",\"status\":403},{\"date\":\"Mon, 19 Aug 2019 17:31:02 GMT\",\"detection_key\":\"dFjp3cAONK83nslaQFJO3W8Q\",\"message\":\"The face is too close.\",\"status\":415}]}"), @ExampleObject(name = "No results", value = "{\"status\":200,\"message\":\"Succeeded.\",\"liveness_detections\":[]}")}))})
    @GET
    public Response history() {
        List<LivenessList.Entry> detections = liveness().history(tenant(), request().history("detection_key"))
                .stream().map(LivenessDetectionsResource::entry).toList();
        return Json.respond(new LivenessList(200, "Succeeded.", detections));
    }

    /** A history entry in the seed's shape; a capture refusal carries the status and message it was answered with. */
    static LivenessList.Entry entry(LivenessDetection detection) {
        if (detection.refusal().isPresent()) {
            SaffeErrors.Wording wording = SaffeErrors.of(detection.refusal().get());
            return new LivenessList.Entry(Json.date(detection.date()), detection.detectionKey(),
                    wording.message(List.of()), null, wording.status());
        }
        return new LivenessList.Entry(Json.date(detection.date()), detection.detectionKey(),
                Json.score(detection.score()), detection.status());
    }
}
