package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The answers Jetty gives by itself, sent raw over a socket as a hostile or broken client would: each is the
 * seed's JSON with a matching status, never an HTML page and never a 5xx naming a Java class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HttpEdgesIT extends VisageTestSupport {

    private static int httpPort() {
        return Integer.parseInt(System.getProperty("visage.itest.httpPort"));
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("localhost", httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertJson(String answer, int status, String message) {
        Matcher statusLine = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(answer);
        assertTrue(answer, statusLine.find());
        assertEquals(answer, status, Integer.parseInt(statusLine.group(1)));
        assertTrue(answer, answer.toLowerCase().contains("content-type: application/json"));
        assertTrue(answer, answer.endsWith("{\"status\":" + status + ",\"message\":\"" + message + "\"}"));
    }

    @Test
    public void aQueryStringOverJettysLimitIsA414InJson() throws Exception {
        assertJson(raw("GET /v1/users?api_user=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                414, "Request URI too long.");
    }

    @Test
    public void headersOverJettysLimitAreA431InJson() throws Exception {
        assertJson(raw("GET /v1/users HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"),
                431, "Request headers too large.");
    }

    @Test
    public void aBrokenRequestLineIsA400InJson() throws Exception {
        assertJson(raw("GET /v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400, "Problem trying to process request.");
    }

    @Test
    public void anUnknownMultipartCharsetIsA400InJsonNotAServletException() throws Exception {
        String body = "--abc\r\nContent-Disposition: form-data; name=\"api_user\"\r\n\r\nb\r\n--abc--\r\n";
        String answer = raw("POST /v1/users HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=abc; charset=EBCDIC-XYZ\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertJson(answer, 400, "Problem trying to process request.");
        assertTrue(answer, !answer.contains("Exception"));
    }

    @Test
    public void pathsOutsideTheApiAreA404InJson() throws Exception {
        assertJson(raw("GET /WEB-INF/web.xml HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                404, "Resource not found.");
    }

    @Test
    public void anExpectationJettyCannotMeetIsA417InJson() throws Exception {
        assertJson(raw("POST /v1/users HTTP/1.1\r\nHost: localhost\r\nExpect: 200-ok\r\nContent-Length: 3\r\n"
                + "Connection: close\r\n\r\nabc"), 417, "Problem trying to process request.");
    }

    @Test
    public void http09AndUnknownVersionsAreA505InJson() throws Exception {
        assertJson(raw("GET /v1/users\r\n\r\n"), 505, "Problem trying to process request.");
        assertJson(raw("GET /v1/users HTTP/2.7\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 505,
                "Problem trying to process request.");
    }

    @Test
    public void smugglingAndMalformedFramingAreA400InJson() throws Exception {
        for (String headers : new String[] {"Content-Length: 3\r\nContent-Length: 4\r\n",
                "Transfer-Encoding: gzip\r\n", "Content-Length: abc\r\n", "Bad Header\r\n"}) {
            assertJson(raw("POST /v1/users HTTP/1.1\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\nabcd"),
                    400, "Problem trying to process request.");
        }
    }

    /** A body declared over the limit is refused from its Content-Length, before a byte of it is read. */
    @Test
    public void aDeclaredBodyOverTheLimitIsA413InJson() throws Exception {
        for (String type : new String[] {"multipart/form-data; boundary=abc", "application/x-www-form-urlencoded"}) {
            assertJson(raw("POST /v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                    + "\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n--abc\r\n"), 413, "Request body too large.");
        }
    }

    @Test
    public void optionsIsADeliberateEmpty204AndTraceAJson405() throws Exception {
        String options = raw("OPTIONS /v1/users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(options, options.startsWith("HTTP/1.1 204"));
        assertTrue(options, options.endsWith("\r\n\r\n"));
        for (String path : new String[] {"/v1/users", "/", "/WEB-INF/web.xml"}) {
            String trace = raw("TRACE " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertJson(trace, 405, "Method not allowed.");
            assertFalse(trace, trace.contains("Host: localhost"));
        }
        assertJson(raw("PROPFIND /v1/users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 405,
                "Method not allowed.");
    }

    @Test
    public void everyPathOutsideTheApiIsAJson404() throws Exception {
        for (String path : new String[] {"/", "/services", "/cxf/", "/v9/users", "/v1/nothing", "/META-INF/MANIFEST.MF",
                "/system/console", "/v1/%2F/users"}) {
            assertJson(raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 404,
                    "Resource not found.");
        }
        for (String path : new String[] {"/v1/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/v1/users%00"}) {
            assertJson(raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400,
                    "Problem trying to process request.");
        }
    }

    /**
     * 250 connections from one address that send part of an upload and wait: past the bound on requests in
     * progress per address its new requests are the JSON 429 at once, and a client at another address is served.
     */
    @Test
    public void stalledUploadsFromOneAddressCannotStarveTheOthers() throws Exception {
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        List<Socket> sockets = new ArrayList<>();
        int refused = 0;
        try {
            for (int i = 0; i < 250; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(attacker, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", httpPort()), 10_000);
                socket.getOutputStream().write(("POST /v1/users HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: multipart/form-data; boundary=abc\r\nContent-Length: 1000000\r\n\r\n--abc\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(socket);
            }
            String health = raw("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(health, health.startsWith("HTTP/1.1 200"));
            Thread.sleep(2_000); // the refusals are written at once; the uploads in progress wait for their bodies
            for (Socket socket : sockets) {
                if (socket.getInputStream().available() > 0) {
                    socket.setSoTimeout(10_000);
                    ByteArrayOutputStream answer = new ByteArrayOutputStream();
                    socket.getInputStream().transferTo(answer);
                    String text = answer.toString(StandardCharsets.ISO_8859_1);
                    assertJson(text, 429, "Too many requests in progress. Try again later.");
                    assertTrue(text, text.toLowerCase().contains("retry-after: 1"));
                    refused++;
                }
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertEquals("the bound is 64 requests in progress per address", 250 - 64, refused);
    }

    /** A client that hangs up in the middle of its upload is not a server fault: no ERROR and no stack trace. */
    @Test
    public void aClientHangingUpMidUploadLeavesNoErrorInTheLog() throws Exception {
        int logBefore = karafLog().length();
        for (int i = 0; i < 3; i++) {
            try (Socket socket = new Socket("localhost", httpPort())) {
                socket.getOutputStream().write(("POST /v1/users?user_reference=hangup HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: multipart/form-data; boundary=abc\r\nContent-Length: 100000\r\n\r\n--abc\r\n"
                        + "Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\n" + "x".repeat(5000))
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                Thread.sleep(300);
            } // closed with the body unfinished
        }
        // the server notices the hang-ups at once; give its log a moment to be written
        String logged = "";
        for (int i = 0; i < 50 && !logged.contains("closed its connection"); i++) {
            Thread.sleep(100);
            logged = karafLog().substring(logBefore);
        }
        assertFalse(logged, logged.contains("| ERROR |"));
        assertFalse(logged, logged.contains("\tat "));
    }
}
