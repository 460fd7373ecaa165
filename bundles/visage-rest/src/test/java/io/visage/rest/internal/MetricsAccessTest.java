package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.visage.rest.internal.MetricsAccess.Decision;

public class MetricsAccessTest {

    @Test
    public void localhostLetsInLoopbackAddressesOnly() {
        MetricsAccess access = MetricsAccess.of("localhost", "");
        assertEquals(Decision.ALLOWED, access.decide("127.0.0.1", null));
        assertEquals(Decision.ALLOWED, access.decide("127.8.9.10", null));
        assertEquals(Decision.ALLOWED, access.decide("0:0:0:0:0:0:0:1", null));
        assertEquals(Decision.ALLOWED, access.decide("::1", null));
        assertEquals(Decision.NOT_LOCAL, access.decide("10.0.0.5", null));
        assertEquals(Decision.NOT_LOCAL, access.decide("fe80::1", null));
        // Never a name: the servlet container reports the peer's address, and a name would mean a DNS lookup.
        assertEquals(Decision.NOT_LOCAL, access.decide("localhost", null));
        assertEquals(Decision.NOT_LOCAL, access.decide(null, null));
        // A token does not open the localhost mode to others.
        assertEquals(Decision.NOT_LOCAL, MetricsAccess.of("localhost", "s3cret").decide("10.0.0.5", "Bearer s3cret"));
    }

    @Test
    public void tokenNeedsTheExactBearerTokenFromAnyAddress() {
        MetricsAccess access = MetricsAccess.of(" Token ", " s3cret-token ");
        assertEquals(Decision.ALLOWED, access.decide("10.0.0.5", "Bearer s3cret-token"));
        assertEquals(Decision.ALLOWED, access.decide("10.0.0.5", "bearer s3cret-token"));
        assertEquals(Decision.UNAUTHORIZED, access.decide("127.0.0.1", null));
        assertEquals(Decision.UNAUTHORIZED, access.decide("10.0.0.5", "Bearer s3cret-token2"));
        assertEquals(Decision.UNAUTHORIZED, access.decide("10.0.0.5", "Bearer s3cret"));
        assertEquals(Decision.UNAUTHORIZED, access.decide("10.0.0.5", "Basic s3cret-token"));
        assertEquals(Decision.UNAUTHORIZED, access.decide("10.0.0.5", "Bearer"));
    }

    @Test
    public void tokenModeWithoutATokenLetsNobodyIn() {
        MetricsAccess access = MetricsAccess.of("token", "  ");
        assertTrue(access.tokenMissing());
        assertEquals(Decision.UNAUTHORIZED, access.decide("127.0.0.1", "Bearer "));
        assertEquals(Decision.UNAUTHORIZED, access.decide("127.0.0.1", "Bearer  "));
    }

    @Test
    public void offHidesTheEndpointFromEveryone() {
        MetricsAccess access = MetricsAccess.of("off", "s3cret");
        assertEquals(Decision.HIDDEN, access.decide("127.0.0.1", "Bearer s3cret"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void anUnknownModeIsRefused() {
        MetricsAccess.of("public", "");
    }
}
