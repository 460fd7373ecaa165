package io.visage.rest.internal;

import java.util.Locale;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;

/**
 * Who sees Swagger UI ({@code /api-docs}): nobody, loopback clients only (the default), or everyone. It runs before
 * CXF's own Swagger UI filter; the API description itself ({@code /openapi.json}) is public like the seed's.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class ApiDocsAccess implements ContainerRequestFilter {
    static final String PATH = "api-docs";

    enum Mode { OFF, LOCALHOST, ON }

    private final Mode mode;

    @Context
    private HttpServletRequest servletRequest;

    ApiDocsAccess(Mode mode) {
        this.mode = mode;
    }

    /** @throws IllegalArgumentException for anything but off, localhost or on */
    static Mode mode(String configured) {
        try {
            return Mode.valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apiDocs must be off, localhost or on, not '" + configured + "'", e);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Response refusal = refusal(request.getUriInfo().getPath(), servletRequest.getRemoteAddr());
        if (refusal != null) {
            request.abortWith(refusal);
        }
    }

    /** The JSON answer refusing this client the path, or null when it is not Swagger UI's or the client may see it. */
    Response refusal(String path, String remoteAddress) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (!(relative.equals(PATH) || relative.startsWith(PATH + "/"))) {
            return null;
        }
        if (mode == Mode.OFF) {
            return Json.error(404, "Resource not found.");
        }
        if (mode == Mode.LOCALHOST && !MetricsAccess.loopback(remoteAddress)) {
            return Json.error(403, "The API documentation is served to localhost only.");
        }
        return null;
    }
}
