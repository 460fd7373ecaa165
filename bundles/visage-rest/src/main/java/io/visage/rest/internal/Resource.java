package io.visage.rest.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.Context;

import io.visage.api.tenant.ApiUser;

/** What every resource needs: the parsed request and the authenticated tenant, set by the filter. */
abstract class Resource {
    @Context
    private HttpServletRequest servletRequest;

    protected ApiRequest request() {
        return (ApiRequest) servletRequest.getAttribute(ApiRequest.ATTRIBUTE);
    }

    /**
     * Where a saved image is served, on the host the client used. Fetching it needs the same credentials
     * as any call, and only its owner gets it.
     */
    protected String imageUrl(String imageKey) {
        // From this request's Host header: CXF's base URI keeps the host of the first request it served.
        String host = servletRequest.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = servletRequest.getServerName() + ":" + servletRequest.getServerPort();
        }
        return (servletRequest.isSecure() ? "https" : "http") + "://" + host + "/v1/images/" + imageKey;
    }

    /** The service, or the seed's "try again" error when it is not registered at this moment. */
    protected static <T> T available(T service, Class<T> type) {
        if (service == null) {
            throw new ServiceMissingException(type);
        }
        return service;
    }

    protected ApiUser tenant() {
        return (ApiUser) servletRequest.getAttribute(AuthenticationFilter.TENANT);
    }
}
