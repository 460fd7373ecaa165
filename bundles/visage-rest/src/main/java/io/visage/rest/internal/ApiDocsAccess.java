package io.visage.rest.internal;

import java.util.Locale;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Context;

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
        String path = request.getUriInfo().getPath();
        if (!(path.equals(PATH) || path.startsWith(PATH + "/") || path.equals("/" + PATH) || path.startsWith("/" + PATH + "/"))) {
            return;
        }
        if (mode == Mode.OFF) {
            request.abortWith(Json.error(404, "Resource not found."));
        } else if (mode == Mode.LOCALHOST && !MetricsAccess.loopback(servletRequest.getRemoteAddr())) {
            request.abortWith(Json.error(403, "The API documentation is served to localhost only."));
        }
    }
}
