package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("localhost", Integer.parseInt(System.getProperty("visage.itest.httpPort")))) {
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
}
