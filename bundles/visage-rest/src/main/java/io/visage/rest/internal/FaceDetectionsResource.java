package io.visage.rest.internal;

import java.util.Map;

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

import io.visage.api.analysis.FaceDetectionReport;
import io.visage.api.analysis.FaceDetectionService;
import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;
import io.visage.api.tenant.EndpointFamily;

/** {@code POST /v0/face_detections}: the most relevant face and its capture state, reported. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/face_detections")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.DETECTION)
public final class FaceDetectionsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FaceDetectionService detection;

    private FaceDetectionService detection() {
        return available(detection, FaceDetectionService.class);
    }

    @POST
    public Response detect() {
        ApiRequest request = request();
        boolean quality = request.flag("quality_measures", false);
        FaceDetectionReport report = detection().detect(tenant(), request.requiredFile("image"), quality);
        CaptureState state = report.captureState();
        Map<String, Object> body = Json.status(statusOf(state), messageOf(state));
        body.put("capture_state", state.code());
        if (state != CaptureState.NO_FACE) {
            body.put("face_rectangle", rectangle(report.face().orElse(null)));
        }
        report.qualityMeasures().ifPresent(measures -> body.put("quality_measures", measures));
        return Json.respond(body);
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

    /**
     * Integer corners. The seed spells the second corner {@code botton_right} in its detection examples and
     * {@code bottom_right} in its quality example; both keys are sent so that clients of either work.
     */
    private static Map<String, Object> rectangle(Box box) {
        Map<String, Object> topLeft = Json.object();
        topLeft.put("x", box == null ? 0 : (int) Math.round(box.x1()));
        topLeft.put("y", box == null ? 0 : (int) Math.round(box.y1()));
        Map<String, Object> bottomRight = Json.object();
        bottomRight.put("x", box == null ? 0 : (int) Math.round(box.x2()));
        bottomRight.put("y", box == null ? 0 : (int) Math.round(box.y2()));
        Map<String, Object> rectangle = Json.object();
        rectangle.put("top_left", topLeft);
        rectangle.put("botton_right", bottomRight);
        rectangle.put("bottom_right", bottomRight);
        return rectangle;
    }
}
