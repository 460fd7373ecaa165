package io.visage.rest.internal;

import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.admin.PlatformAdmin;
import io.visage.api.face.CaptureChecker;
import io.visage.api.face.FaceAligner;
import io.visage.api.face.FaceDetector;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceLandmarker;
import io.visage.api.face.ImageDecoder;
import io.visage.api.face.LivenessDetector;
import io.visage.api.index.TemplateIndex;
import io.visage.api.quality.QualityAssessor;
import io.visage.api.storage.ApiUserStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.visage.rest.internal.wire.NotReady;
import io.visage.rest.internal.wire.Status;

/**
 * {@code GET /ready}, for load balancers: 200 only when storage answers, every pipeline stage is running with
 * its model, and the template index serving matches is the one preferred now (filled from storage); otherwise
 * 503 naming each part that is missing. It costs one indexed database lookup and a few field reads, so it can
 * be polled every second.
 *
 * <p>A stage that runs a model is registered only while it has one bound (its model reference is mandatory),
 * so a registered stage is a stage with a model. Every reference is optional and dynamic: readiness follows
 * swaps as they happen and the endpoint itself never goes away.
 */
@Component(service = OperatorResource.class)
@Path("ready")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_OPERATORS)
public final class ReadinessResource implements OperatorResource {
    static final String STORAGE = "storage";
    static final String INDEX = "index";
    /** No API user can be named so: the lookup finds nothing, but it is a real round trip to the database. */
    private static final String NO_SUCH_API_USER = "";
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessResource.class);

    // Package-private for the tests, which set them as DS would.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ApiUserStore storage;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ImageDecoder decoder;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FaceDetector detector;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CaptureChecker captureChecker;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FaceLandmarker landmarker;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<FaceAligner> aligners = List.of();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FaceEmbedder embedder;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile LivenessDetector liveness;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile QualityAssessor quality;
    /** The backend DS prefers now (highest ranking), the same rule by which the gallery binds it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TemplateIndex index;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PlatformAdmin admin;

    /** What was missing at the previous check: changes are logged once, not at every poll. */
    private volatile List<String> lastMissing = List.of();

    @Operation(summary = "Readiness", description = "200 only when storage answers, every pipeline stage runs with its model "
            + "and the index has caught up; 503 naming what is missing otherwise.", responses = {
                @ApiResponse(responseCode = "200", description = "Ready", content = @Content(mediaType = ApiDocs.JSON,
                        schema = @Schema(implementation = Status.class),
                        examples = @ExampleObject(value = "{\"status\":200,\"message\":\"Ready.\"}"))),
                @ApiResponse(responseCode = "503", description = "Not ready", content = @Content(mediaType = ApiDocs.JSON,
                        schema = @Schema(implementation = NotReady.class), examples = @ExampleObject(
                                value = "{\"status\":503,\"message\":\"Not ready.\",\"missing\":[\"storage\",\"index\"]}")))})
    @GET
    public Response ready() {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return Json.respond(new Status(200, "Ready."));
        }
        return Json.respond(new NotReady(503, "Not ready.", missing));
    }

    /** The parts keeping this node from serving the API, empty when it is ready. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!storageAnswers()) {
            missing.add(STORAGE);
        }
        stage(missing, "image-decoder", decoder != null);
        stage(missing, "face-detector", detector != null);
        stage(missing, "capture-checker", captureChecker != null);
        stage(missing, "face-landmarks", landmarker != null);
        stage(missing, "face-aligner", !aligners.isEmpty());
        FaceEmbedder currentEmbedder = embedder;
        stage(missing, "face-embedding", currentEmbedder != null && !currentEmbedder.modelKeys().isEmpty());
        stage(missing, "liveness", liveness != null);
        stage(missing, "quality", quality != null);
        if (!indexCaughtUp()) {
            missing.add(INDEX);
        }
        List<String> result = List.copyOf(missing);
        if (!result.equals(lastMissing)) {
            lastMissing = result;
            if (result.isEmpty()) {
                LOG.info("Ready");
            } else {
                LOG.warn("Not ready, missing {}", result);
            }
        }
        return result;
    }

    private static void stage(List<String> missing, String name, boolean running) {
        if (!running) {
            missing.add(name);
        }
    }

    private boolean storageAnswers() {
        ApiUserStore current = storage;
        if (current == null) {
            return false;
        }
        try {
            current.findByName(NO_SUCH_API_USER);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("Storage does not answer", e);
            return false;
        }
    }

    /**
     * The gallery fills a newly bound backend from storage and only then switches to it (and reports it to the
     * operator functions); until it has switched to the preferred backend, or while the gallery itself is
     * away, the index it would match with is not known to hold what storage holds.
     */
    private boolean indexCaughtUp() {
        PlatformAdmin currentAdmin = admin;
        TemplateIndex preferred = index;
        if (currentAdmin == null || preferred == null) {
            return false;
        }
        try {
            // Built from storage, and (with other nodes on the same database) holding what they committed since.
            return preferred.getClass().getName().equals(currentAdmin.indexBackend())
                    && currentAdmin.changesCaughtUp();
        } catch (RuntimeException goingAway) {
            return false;
        }
    }
}
