package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;

import javax.ws.rs.core.Response;

import org.junit.Test;

import io.visage.rest.internal.wire.Status;

public class ErrorMappersTest {

    /** What CXF hands the mapper when Jetty's EofException ends a body read or an answer's write. */
    private static RuntimeException wrappedHangUp() {
        return new RuntimeException("org.eclipse.jetty.io.EofException",
                new IOException(new EOFException("Early EOF")));
    }

    @Test
    public void aClientThatHungUpIsRecognisedHoweverWrapped() {
        assertTrue(ErrorMappers.clientHungUp(wrappedHangUp()));
        assertTrue(ErrorMappers.clientHungUp(new IOException("Broken pipe")));
        assertTrue(ErrorMappers.clientHungUp(new RuntimeException(new IOException("Connection reset by peer"))));
        assertTrue(ErrorMappers.clientHungUp(new ClosedChannelException()));
    }

    @Test
    public void realFaultsAreNotTakenForAHangUp() {
        assertFalse(ErrorMappers.clientHungUp(new NullPointerException()));
        assertFalse(ErrorMappers.clientHungUp(new IOException("No space left on device")));
        assertFalse(ErrorMappers.clientHungUp(new IllegalStateException(new IOException((String) null))));
    }

    @Test
    public void aHangUpIsOneLineAtInfoAndAFaultAnErrorWithItsTrace() {
        String hangUp = stderrOf(() -> assertGeneric(new ErrorMappers.UnexpectedExceptionMapper().toResponse(wrappedHangUp())));
        assertFalse(hangUp, hangUp.contains("ERROR"));
        assertTrue(hangUp, hangUp.contains("INFO"));
        assertEquals(hangUp, 1, hangUp.strip().lines().count());

        String fault = stderrOf(() -> assertGeneric(new ErrorMappers.UnexpectedExceptionMapper()
                .toResponse(new IllegalStateException("a bug"))));
        assertTrue(fault, fault.contains("ERROR"));
        assertTrue(fault, fault.contains("\tat "));
    }

    @Test
    public void aBodyReadCutByTheClientIsOneLineWithoutATrace() {
        String logged = stderrOf(() -> new ErrorMappers.ClientErrorMapper().toResponse(
                new ClientErrorException(400, "Problem trying to process request.", new EOFException("Early EOF"))));
        assertFalse(logged, logged.contains("\tat "));
        assertEquals(logged, 1, logged.strip().lines().count());
    }

    private static void assertGeneric(Response response) {
        assertEquals(400, response.getStatus());
        assertEquals(new Status(400, "Problem trying to process request."), response.getEntity());
    }

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
