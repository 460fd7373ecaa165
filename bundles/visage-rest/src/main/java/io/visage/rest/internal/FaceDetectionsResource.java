package io.visage.rest.internal;

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
import io.visage.api.analysis.FaceDetectionReport;
import io.visage.api.analysis.FaceDetectionService;
import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;
import io.visage.api.tenant.EndpointFamily;
import io.visage.rest.internal.wire.FaceDetection;
import io.visage.rest.internal.wire.Forms;

/** {@code POST /v0/face_detections}: the most relevant face and its capture state, reported. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/face_detections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_DETECTION, description = "The most relevant face of an image and its capture state, reported rather than enforced.")
@Family(EndpointFamily.DETECTION)
public final class FaceDetectionsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FaceDetectionService detection;

    private FaceDetectionService detection() {
        return available(detection, FaceDetectionService.class);
    }

    @Operation(summary = "Detecting faces",
            description = "The capture state of the most relevant face and its rectangle; quality measures on request. Capture problems are reported with 415, no face with 400.",
            requestBody = @RequestBody(required = true, content = {@Content(mediaType = ApiDocs.MULTIPART, schema = @Schema(implementation = Forms.FaceDetection.class))}),
            responses = {
                @ApiResponse(responseCode = "200", description = ApiDocs.OK, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = FaceDetection.class), examples = {@ExampleObject(name = "Adequate", value = "{\"status\":200,\"message\":\"Success\",\"capture_state\":\"adequate\",\"face_rectangle\":{\"top_left\":{\"x\":161,\"y\":161},\"botton_right\":{\"x\":337,\"y\":397},\"bottom_right\":{\"x\":337,\"y\":397}}}")})),
                @ApiResponse(responseCode = "400", description = "No face detected (capture_state no_face), or refused", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = FaceDetection.class), examples = {@ExampleObject(name = "No face detected", value = "{\"status\":400,\"message\":\"Could not detect a face. Try another image.\",\"capture_state\":\"no_face\"}")})),
                @ApiResponse(responseCode = "415", description = "The face is too close, too far, not centred, or the image in the wrong orientation", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = FaceDetection.class), examples = {@ExampleObject(name = "Too close", value = "{\"status\":415,\"message\":\"The image is too close.\",\"capture_state\":\"too_close\",\"face_rectangle\":{\"top_left\":{\"x\":250,\"y\":176},\"botton_right\":{\"x\":2171,\"y\":2977},\"bottom_right\":{\"x\":2171,\"y\":2977}}}"), @ExampleObject(name = "Wrong orientation", value = "{\"status\":415,\"message\":\"The image is in wrong orientation. Must be portrait.\",\"capture_state\":\"wrong_orientation\",\"face_rectangle\":{\"top_left\":{\"x\":0,\"y\":0},\"botton_right\":{\"x\":0,\"y\":0},\"bottom_right\":{\"x\":0,\"y\":0}}}")}))})
    @POST
    public Response detect() {
        ApiRequest request = request();
        boolean quality = request.flag("quality_measures", false);
        FaceDetectionReport report = detection().detect(tenant(), request.requiredFile("image"), quality);
        CaptureState state = report.captureState();
        return Json.respond(new FaceDetection(statusOf(state), messageOf(state), state.code(),
                state == CaptureState.NO_FACE ? null : rectangle(report.face().orElse(null)),
                report.qualityMeasures().orElse(null)));
    }

    private static int statusOf(CaptureState state) {
        return state.adequate() ? 200 : SaffeErrors.of(state.error()).status();
    }

    /** The seed's face_detections messages speak of "the image", unlike the enforcing endpoints. */
    private static String messageOf(CaptureState state) {
        switch (state) {
            case ADEQUATE:
                return "Success";
            case TOO_FAR:
                return "The image is too far.";
            case TOO_CLOSE:
                return "The image is too close.";
            case DESCENTRALIZED:
                return "The image is not enough centralized.";
            default:
                return SaffeErrors.of(state.error()).template();
        }
    }

    /** Integer corners, both spellings of the second one (see {@link FaceDetection.Rectangle}). */
    private static FaceDetection.Rectangle rectangle(Box box) {
        FaceDetection.Corner topLeft = box == null ? new FaceDetection.Corner(0, 0)
                : new FaceDetection.Corner((int) Math.round(box.x1()), (int) Math.round(box.y1()));
        FaceDetection.Corner bottomRight = box == null ? new FaceDetection.Corner(0, 0)
                : new FaceDetection.Corner((int) Math.round(box.x2()), (int) Math.round(box.y2()));
        return new FaceDetection.Rectangle(topLeft, bottomRight, bottomRight);
    }
}
