package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import javax.ws.rs.core.Response;

import org.junit.Test;

import io.visage.rest.internal.wire.Status;

public class ApiDocsAccessTest {
    private static final String REMOTE = "192.0.2.10";

    @Test
    public void localhostByDefaultLetsLoopbackClientsInAndRefusesOthersWithJson() {
        ApiDocsAccess access = new ApiDocsAccess(ApiDocsAccess.mode("localhost"));
        assertNull(access.refusal("api-docs/", "127.0.0.1"));
        assertNull(access.refusal("/api-docs/swagger-ui.css", "::1"));
        Response refused = access.refusal("api-docs/index.html", REMOTE);
        assertEquals(403, refused.getStatus());
        assertEquals(new Status(403, "The API documentation is served to localhost only."), refused.getEntity());
    }

    @Test
    public void offHidesTheUiAndOnShowsItToEveryone() {
        Response hidden = new ApiDocsAccess(ApiDocsAccess.mode("OFF")).refusal("api-docs", "127.0.0.1");
        assertEquals(new Status(404, "Resource not found."), hidden.getEntity());
        assertNull(new ApiDocsAccess(ApiDocsAccess.mode(" on ")).refusal("api-docs/", REMOTE));
    }

    @Test
    public void otherPathsAndTheDescriptionItselfAreNotItsBusiness() {
        ApiDocsAccess access = new ApiDocsAccess(ApiDocsAccess.Mode.OFF);
        assertNull(access.refusal("openapi.json", REMOTE));
        assertNull(access.refusal("v1/users", REMOTE));
        assertNull(access.refusal("api-docsx", REMOTE));
    }

    @Test(expected = IllegalArgumentException.class)
    public void anUnknownModeIsRefused() {
        ApiDocsAccess.mode("public");
    }
}
