package io.visage.rest.internal;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import io.visage.api.tenant.AuthenticationThrottledException;

/**
 * Too many failed authentications: the seed's JSON error with status 429 and a {@code Retry-After} header in
 * seconds (JAX-RS picks this mapper over the general refusal mapper: its exception type is closer).
 */
final class ThrottledMapper implements ExceptionMapper<AuthenticationThrottledException> {
    @Override
    public Response toResponse(AuthenticationThrottledException e) {
        SaffeErrors.Wording wording = SaffeErrors.of(e.refusal());
        Response json = Json.error(wording.status(), wording.message(e.details()));
        return Response.fromResponse(json).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }
}
