package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;

import javax.ws.rs.core.Response;

import org.junit.Test;

import io.visage.api.tenant.AuthenticationThrottledException;
import io.visage.rest.internal.wire.Status;

public class ThrottledMapperTest {
    @Test
    public void throttledIsA429WithRetryAfterInTheSeedsShape() {
        Response response = new ThrottledMapper().toResponse(new AuthenticationThrottledException(42));
        assertEquals(429, response.getStatus());
        assertEquals("42", String.valueOf(response.getHeaders().getFirst("Retry-After")));
        assertEquals(new Status(429, "Too many failed authentications. Try again in 42 seconds."), response.getEntity());
    }
}
