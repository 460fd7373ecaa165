package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Response;

import org.junit.Test;

public class CorsFilterTest {

    /** A request context answering only what the filter asks. */
    private static ContainerRequestContext request(String method, Map<String, String> headers,
            AtomicReference<Response> aborted) {
        return (ContainerRequestContext) Proxy.newProxyInstance(CorsFilterTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "getHeaderString":
                            return headers.get((String) args[0]);
                        case "abortWith":
                            aborted.set((Response) args[0]);
                            return null;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    @Test
    public void preflightFromAnAllowedOriginIsAnsweredBeforeAuthentication() {
        AtomicReference<Response> aborted = new AtomicReference<>();
        new CorsFilter(Set.of("https://app.example.com")).filter(request("OPTIONS", Map.of("Origin",
                "https://app.example.com", "Access-Control-Request-Method", "POST"), aborted));
        assertEquals(204, aborted.get().getStatus());
        assertEquals("https://app.example.com", aborted.get().getHeaderString("Access-Control-Allow-Origin"));
        assertEquals("Content-Type, X-Api-User, X-Api-Key",
                aborted.get().getHeaderString("Access-Control-Allow-Headers"));
    }

    @Test
    public void otherOriginsAndTheDefaultGetNothing() {
        AtomicReference<Response> aborted = new AtomicReference<>();
        new CorsFilter(Set.of("https://app.example.com")).filter(request("OPTIONS", Map.of("Origin",
                "https://evil.example.com", "Access-Control-Request-Method", "POST"), aborted));
        assertNull(aborted.get());
        new CorsFilter(Set.of()).filter(request("OPTIONS", Map.of("Origin", "https://app.example.com",
                "Access-Control-Request-Method", "POST"), aborted));
        assertNull(aborted.get());
    }
}
