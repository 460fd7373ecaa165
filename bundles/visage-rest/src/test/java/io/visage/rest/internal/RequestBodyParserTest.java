package io.visage.rest.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;


public class RequestBodyParserTest {
    private static final String BOUNDARY = "----visage-test";
    private final RequestBodyParser parser = new RequestBodyParser(1024 * 1024);

    private static byte[] multipart(Map<String, String> fields, String fileField, byte[] file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (fileField != null) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + fileField
                    + "\"; filename=\"x.jpg\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(file);
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    public void multipartFieldsAndFilesMergeWithTheQueryString() throws Exception {
        byte[] image = {1, 2, 3, 0, (byte) 255};
        byte[] body = multipart(Map.of("api_user", "acme", "api_key", "k"), "image", image);
        ApiRequest request = parser.parse(Map.of("user_reference", List.of("u1")),
                "multipart/form-data; boundary=" + BOUNDARY, new ByteArrayInputStream(body));
        assertEquals(Optional.of("acme"), request.text("api_user"));
        assertEquals(Optional.of("k"), request.text("api_key"));
        assertEquals(Optional.of("u1"), request.text("user_reference"));
        assertArrayEquals(image, request.file("image").orElseThrow());
    }

    @Test
    public void urlEncodedBodyIsReadForAnyMethod() {
        byte[] body = "api_user=a%20b&api_key=k%2B1&group_name=g1&group_name=g2".getBytes(StandardCharsets.UTF_8);
        ApiRequest request = parser.parse(Map.of(), "application/x-www-form-urlencoded",
                new ByteArrayInputStream(body));
        assertEquals(Optional.of("a b"), request.text("api_user"));
        assertEquals(Optional.of("k+1"), request.text("api_key"));
        assertEquals(List.of("g1", "g2"), request.values("group_name"));
    }

    @Test
    public void emptyParametersMeanNotGiven() {
        ApiRequest request = parser.parse(Map.of("date_gte", List.of(""), "limit", List.of("")), null,
                new ByteArrayInputStream(new byte[0]));
        assertTrue(request.timestamp("date_gte").isEmpty());
        assertTrue(request.positiveInt("limit").isEmpty());
        assertFalse(request.flag("liveness", false));
    }

    @Test
    public void typedParametersAndTheirErrors() {
        ApiRequest request = parser.parse(Map.of("created_gte", List.of("1565793420"), "created_lt", List.of("x"),
                "limit", List.of("0"), "liveness", List.of("FALSE"), "save_image", List.of("yes")), null,
                new ByteArrayInputStream(new byte[0]));
        assertEquals(Optional.of(Instant.ofEpochSecond(1565793420)), request.timestamp("created_gte"));
        ClientErrorException ts = assertThrows(ClientErrorException.class, () -> request.timestamp("created_lt"));
        assertEquals("Parameter created_lt must be an integer Unix timestamp.", ts.getMessage());
        assertEquals(400, ts.status());
        assertEquals(400, assertThrows(ClientErrorException.class, () -> request.positiveInt("limit")).status());
        assertFalse(request.flag("liveness", true));
        ClientErrorException flag = assertThrows(ClientErrorException.class, () -> request.flag("save_image", true));
        assertEquals("Parameter save_image must be true or false.", flag.getMessage());
    }

    @Test
    public void anImageSentAsTextIsInWrongFormatAndAMissingOneIsMissing() throws Exception {
        byte[] body = multipart(Map.of("image", "not a file"), null, null);
        ApiRequest request = parser.parse(Map.of(), "multipart/form-data; boundary=" + BOUNDARY,
                new ByteArrayInputStream(body));
        ClientErrorException wrong = assertThrows(ClientErrorException.class, () -> request.requiredFile("image"));
        assertEquals("Image parameter in wrong format.", wrong.getMessage());
        ClientErrorException missing = assertThrows(ClientErrorException.class, () -> request.requiredFile("image2"));
        assertEquals("Missing required parameter.", missing.getMessage());
    }

    @Test
    public void oversizedBodiesAreRefusedWith413() throws Exception {
        RequestBodyParser small = new RequestBodyParser(100);
        byte[] body = multipart(Map.of(), "image", new byte[1000]);
        ClientErrorException e = assertThrows(ClientErrorException.class, () -> small.parse(Map.of(),
                "multipart/form-data; boundary=" + BOUNDARY, new ByteArrayInputStream(body)));
        assertEquals(413, e.status());
        ClientErrorException form = assertThrows(ClientErrorException.class, () -> small.parse(Map.of(),
                "application/x-www-form-urlencoded", new ByteArrayInputStream(new byte[1000])));
        assertEquals(413, form.status());
    }

    /** A declared Content-Length over the limit is a 413 before a byte is read (the stream would fail if read). */
    @Test
    public void aDeclaredLengthOverTheLimitIsA413WithoutReading() {
        RequestBodyParser small = new RequestBodyParser(100);
        java.io.InputStream unread = new java.io.InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
        ClientErrorException e = assertThrows(ClientErrorException.class, () -> small.parse(Map.of(),
                "multipart/form-data; boundary=" + BOUNDARY, "50000000", unread));
        assertEquals(413, e.status());
        assertEquals("Request body too large.", e.getMessage());
        assertEquals(null, e.getCause());
        ApiRequest within = small.parse(Map.of("api_user", java.util.List.of("acme")),
                "application/x-www-form-urlencoded", "0", new ByteArrayInputStream(new byte[0]));
        assertEquals("acme", within.text("api_user").orElse(null));
    }

    /** A file part over the limit fails inside commons-fileupload's part stream, wrapped in an IOException. */
    @Test
    public void aFilePartOverTheLimitIsA413WithoutACause() throws Exception {
        RequestBodyParser limited = new RequestBodyParser(64 * 1024);
        for (int size : new int[] {64 * 1024 + 1, 200 * 1024}) {
            byte[] body = multipart(Map.of("api_user", "acme"), "image", new byte[size]);
            ClientErrorException e = assertThrows(ClientErrorException.class, () -> limited.parse(Map.of(),
                    "multipart/form-data; boundary=" + BOUNDARY, new ByteArrayInputStream(body)));
            assertEquals(413, e.status());
            assertEquals("Request body too large.", e.getMessage());
            assertEquals(null, e.getCause()); // nothing for the log to print a stack trace of
        }
    }

    /** A body that stops coming (the server's idle timeout, or Jetty's minimum data rate) is a 408 with nothing to log. */
    @Test
    public void aStalledOrTricklingBodyIsA408WithoutACause() {
        java.io.IOException idle = new java.io.IOException(new java.util.concurrent.TimeoutException("Idle timeout expired"));
        java.io.IOException slow = new java.io.IOException("Closed");
        slow.addSuppressed(new BadMessageException("408: Request content data rate < 4096 B/s"));
        for (Exception failure : new Exception[] {idle, slow, new BadMessageException("408: Request content data rate")}) {
            java.io.InputStream failing = new java.io.InputStream() {
                @Override
                public int read() throws java.io.IOException {
                    if (failure instanceof RuntimeException) {
                        throw (RuntimeException) failure;
                    }
                    throw (java.io.IOException) failure;
                }
            };
            ClientErrorException e = assertThrows(ClientErrorException.class, () -> parser.parse(Map.of(),
                    "application/x-www-form-urlencoded", failing));
            assertEquals(408, e.status());
            assertEquals("Request timeout.", e.getMessage());
            assertEquals(null, e.getCause());
        }
        assertFalse(RequestBodyParser.timedOut(new java.io.IOException("reset")));
    }

    @Test
    public void aBodyBelowTheMinimumRateAfterTheGraceIsCutOff() throws Exception {
        byte[] data = new byte[100];
        RequestBodyParser.MinimumRate fast = new RequestBodyParser.MinimumRate(new ByteArrayInputStream(data), 4096,
                5_000_000_000L);
        assertEquals(100, fast.readAllBytes().length); // within the grace: any rate
        RequestBodyParser.MinimumRate slow = new RequestBodyParser.MinimumRate(new ByteArrayInputStream(data), 4096, 0);
        Thread.sleep(20); // 20 ms at 4 KB/s: 81 bytes were due, 1 arrives
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> slow.read());
        assertTrue(RequestBodyParser.timedOut(e));
    }

    /** Stands for Jetty's exception of that name (visage-rest does not depend on Jetty). */
    private static final class BadMessageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadMessageException(String message) {
            super(message);
        }
    }

    @Test
    public void brokenMultipartIsAClientError() {
        ClientErrorException e = assertThrows(ClientErrorException.class, () -> parser.parse(Map.of(),
                "multipart/form-data; boundary=" + BOUNDARY,
                new ByteArrayInputStream("--" .concat(BOUNDARY).concat("\r\ngarbage").getBytes(StandardCharsets.UTF_8))));
        assertEquals(400, e.status());
    }
}
