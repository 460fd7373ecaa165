package io.visage.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

import io.visage.api.analysis.LivenessDetection;
import io.visage.api.analysis.LivenessService;
import io.visage.api.tenant.EndpointFamily;

/** {@code /v2/liveness_detections}: passive liveness on one or two images, and the history of detections. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/liveness_detections")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.LIVENESS)
public final class LivenessDetectionsResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LivenessService liveness;

    private LivenessService liveness() {
        return available(liveness, LivenessService.class);
    }

    @POST
    public Response detect() {
        ApiRequest request = request();
        LivenessDetection detection = liveness().detect(tenant(), request.requiredFile("image"),
                request.file("image2"), request.flag("save_image", true));
        Map<String, Object> result = Json.object();
        result.put("date", Json.date(detection.date()));
        result.put("detection_key", detection.detectionKey());
        result.put("message", detection.message());
        result.put("score", Json.score(detection.score()));
        result.put("status", detection.status());
        result.put("threshold", Json.score(detection.threshold()));
        Map<String, Object> body = Json.status(200, "Request OK");
        body.put("liveness", result);
        return Json.respond(body);
    }

    @GET
    public Response history() {
        List<Map<String, Object>> detections = liveness().history(tenant(), request().history("detection_key"))
                .stream().map(LivenessDetectionsResource::toJson).collect(Collectors.toList());
        Map<String, Object> body = Json.status(200, "Succeeded.");
        body.put("liveness_detections", detections);
        return Json.respond(body);
    }

    private static Map<String, Object> toJson(LivenessDetection detection) {
        Map<String, Object> json = Json.object();
        json.put("date", Json.date(detection.date()));
        json.put("detection_key", detection.detectionKey());
        json.put("score", Json.score(detection.score()));
        json.put("status", detection.status());
        return json;
    }
}
