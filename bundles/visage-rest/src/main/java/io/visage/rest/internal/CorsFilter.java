package io.visage.rest.internal;

import java.util.Set;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Response;

/**
 * Cross-origin access for browser clients from the configured origins only (none by default). Preflight
 * requests are answered here, before authentication, as browsers send them without credentials.
 */
@PreMatching
final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Content-Type, X-Api-User, X-Api-Key";

    private final Set<String> origins;

    CorsFilter(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    private boolean allowed(String origin) {
        return origin != null && (origins.contains(origin) || origins.contains("*"));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (HttpMethod.OPTIONS.equals(request.getMethod()) && allowed(origin)
                && request.getHeaderString("Access-Control-Request-Method") != null) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Max-Age", "600")
                    .header("Vary", "Origin")
                    .build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        if (allowed(origin) && !response.getHeaders().containsKey("Access-Control-Allow-Origin")) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
            response.getHeaders().add("Vary", "Origin");
        }
    }
}
