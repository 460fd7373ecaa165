package io.visage.rest.internal;

import java.util.function.Supplier;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;

import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.ApiUserService;

/**
 * Runs before every matched resource method: parses all parameters once, then authenticates the API
 * user for the resource's endpoint family. Nothing reaches a resource unauthenticated. Credentials
 * come from form fields or the query string (as the seed sends them) or from X-Api-User/X-Api-Key.
 */
final class AuthenticationFilter implements ContainerRequestFilter {
    static final String TENANT = ApiUser.class.getName();

    private final Supplier<ApiUserService> apiUsers;
    private final RequestBodyParser parser;

    @Context
    private ResourceInfo resourceInfo;
    @Context
    private HttpServletRequest servletRequest;

    AuthenticationFilter(Supplier<ApiUserService> apiUsers, RequestBodyParser parser) {
        this.apiUsers = apiUsers;
        this.parser = parser;
    }

    @Override
    public void filter(ContainerRequestContext context) {
        if (!SaffeResource.class.isAssignableFrom(resourceInfo.getResourceClass())) {
            // health, readiness and metrics, each guarding itself; the API description and Swagger UI
            return;
        }
        ApiRequest request = parser.parse(context.getUriInfo().getQueryParameters(),
                context.getHeaderString(HttpHeaders.CONTENT_TYPE), context.getHeaderString(HttpHeaders.CONTENT_LENGTH),
                context.getEntityStream());
        servletRequest.setAttribute(ApiRequest.ATTRIBUTE, request);
        String user = request.text("api_user").orElse(context.getHeaderString("X-Api-User"));
        String key = request.text("api_key").orElse(context.getHeaderString("X-Api-Key"));
        Family family = resourceInfo.getResourceClass().getAnnotation(Family.class);
        ApiUser tenant = Resource.available(apiUsers.get(), ApiUserService.class).authenticate(user, key, family.value(),
                servletRequest.getRemoteAddr());
        servletRequest.setAttribute(TENANT, tenant);
    }
}
