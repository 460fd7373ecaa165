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

    protected ApiUser tenant() {
        return (ApiUser) servletRequest.getAttribute(AuthenticationFilter.TENANT);
    }
}
