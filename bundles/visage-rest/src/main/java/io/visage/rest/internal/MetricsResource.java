package io.visage.rest.internal;

import java.util.Locale;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.visage.metrics.MetricsService;
import io.visage.rest.internal.wire.Status;

/**
 * {@code GET /metrics}: every metric in Prometheus' text format, to whom the operator allows. Refusals are
 * JSON like every other error; with access off the path answers exactly like an unknown one.
 */
@Component(service = OperatorResource.class, configurationPid = MetricsResource.PID)
@Designate(ocd = MetricsResource.Config.class)
@Path("metrics")
@Tag(name = ApiDocs.TAG_OPERATORS)
public final class MetricsResource implements OperatorResource {
    static final String PID = "io.visage.rest.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsResource.class);

    @ObjectClassDefinition(name = "Visage metrics endpoint", description = "Who may read /metrics (Prometheus text format).")
    @interface Config {
        @AttributeDefinition(name = "Access", description = "off: /metrics answers 404; localhost (default): only "
                + "clients on a loopback address (behind a reverse proxy that is the proxy); token: clients sending "
                + "Authorization: Bearer <token>.", options = {
                    @Option(label = "off", value = "off"), @Option(label = "localhost only", value = "localhost"),
                    @Option(label = "bearer token", value = "token")})
        String access() default "localhost";

        @AttributeDefinition(name = "Token", description = "The bearer token when access is token; empty lets nobody in.",
                type = AttributeType.PASSWORD)
        String _token() default "";
    }

    /** Optional and dynamic: while the metrics bundle is away, /metrics answers 503 and requests go uncounted. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetricsService metrics;

    @Context
    private HttpServletRequest servletRequest;

    /** Replaced as a whole on a configuration change; no re-activation, so the API endpoint stays published. */
    private volatile MetricsAccess access;

    @Activate
    public MetricsResource(Config config) {
        this.access = access(config);
    }

    @Modified
    void modified(Config config) {
        this.access = access(config);
    }

    /** A value other than off, localhost or token turns the endpoint off rather than guessing. */
    private static MetricsAccess access(Config config) {
        MetricsAccess parsed;
        try {
            parsed = MetricsAccess.of(config.access(), config._token());
        } catch (IllegalArgumentException e) {
            LOG.warn("{} ({}): /metrics is off", e.getMessage(), PID);
            parsed = MetricsAccess.of("off", "");
        }
        if (parsed.tokenMissing()) {
            LOG.warn("/metrics needs a bearer token but {} sets none: every scrape is refused", PID);
        }
        LOG.info("/metrics access: {}", parsed.mode().name().toLowerCase(Locale.ROOT));
        return parsed;
    }

    @Operation(summary = "Prometheus metrics", description = "Prometheus text format, to whom io.visage.rest.metrics "
            + "allows: off (404), localhost (default; 403 for other clients) or a bearer token (401 without it).", responses = {
                @ApiResponse(responseCode = "200", description = "The metrics", content = @Content(
                        mediaType = "text/plain", schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "401", description = "Token required", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class))),
                @ApiResponse(responseCode = "403", description = "Not a loopback client", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class))),
                @ApiResponse(responseCode = "404", description = "Access off", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class))),
                @ApiResponse(responseCode = "503", description = "The metrics bundle is away", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class)))})
    @GET
    public Response scrape() {
        switch (access.decide(servletRequest.getRemoteAddr(), servletRequest.getHeader(HttpHeaders.AUTHORIZATION))) {
            case HIDDEN:
                return Json.error(404, "Resource not found.");
            case NOT_LOCAL:
                return Json.error(403, "Metrics are served to localhost only.");
            case UNAUTHORIZED:
                return Response.fromResponse(Json.error(401, "Invalid credentials."))
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"").build();
            default:
                MetricsService current = metrics;
                if (current == null) {
                    return Json.error(503, "Metrics not available.");
                }
                return Response.ok(current.scrape(), MetricsService.PROMETHEUS_TEXT)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
    }
}
