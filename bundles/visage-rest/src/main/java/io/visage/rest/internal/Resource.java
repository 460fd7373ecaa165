package io.visage.rest.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.UriInfo;

import io.visage.api.tenant.ApiUser;

/** What every resource needs: the parsed request and the authenticated tenant, set by the filter. */
abstract class Resource {
    @Context
    private HttpServletRequest servletRequest;
    @Context
    private UriInfo uriInfo;

    protected ApiRequest request() {
        return (ApiRequest) servletRequest.getAttribute(ApiRequest.ATTRIBUTE);
    }

    /**
     * Where a saved image is served, on the host the client used. Fetching it needs the same credentials
     * as any call, and only its owner gets it.
     */
    protected String imageUrl(String imageKey) {
        return uriInfo.getBaseUriBuilder().path("v1").path("images").path(imageKey).build().toString();
    }

    protected ApiUser tenant() {
        return (ApiUser) servletRequest.getAttribute(AuthenticationFilter.TENANT);
    }
}
