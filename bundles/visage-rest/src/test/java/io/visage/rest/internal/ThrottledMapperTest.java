package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;

import java.util.Map;

import javax.ws.rs.core.Response;

import org.junit.Test;

import io.visage.api.tenant.AuthenticationThrottledException;

public class ThrottledMapperTest {
    @Test
    public void throttledIsA429WithRetryAfterInTheSeedsShape() {
        Response response = new ThrottledMapper().toResponse(new AuthenticationThrottledException(42));
        assertEquals(429, response.getStatus());
        assertEquals("42", String.valueOf(response.getHeaders().getFirst("Retry-After")));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) response.getEntity();
        assertEquals(Map.of("status", 429, "message", "Too many failed authentications. Try again in 42 seconds."), body);
    }
}
