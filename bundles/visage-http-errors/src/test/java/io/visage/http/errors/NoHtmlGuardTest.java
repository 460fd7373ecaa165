package io.visage.http.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** A real Jetty with the guard around a handler that answers as CXF's servlet and pax-web do at start. */
public class NoHtmlGuardTest {
    private Server server;
    private int port;
    private final HttpClient client = HttpClient.newHttpClient();

    @Before
    public void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                switch (target) {
                    case "/no-service": // what CXF's servlet writes before an endpoint is published
                        response.setStatus(404);
                        response.setContentType("text/html");
                        response.getWriter().write("<html><body>No service was found.</body></html>");
                        base.setHandled(true);
                        break;
                    case "/docs":
                        response.setContentType("text/html");
                        response.getWriter().write("<html>docs</html>");
                        base.setHandled(true);
                        break;
                    case "/json":
                        response.setStatus(400);
                        response.setContentType("application/json");
                        response.getWriter().write("{\"status\":400,\"message\":\"Missing required parameter.\"}");
                        base.setHandled(true);
                        break;
                    case "/bare-405": // a status without a body, as a servlet refusing a method may answer
                        response.setStatus(405);
                        base.setHandled(true);
                        break;
                    case "/options": // CXF's answer to OPTIONS: an empty 200 with Allow
                        response.setStatus(200);
                        response.setHeader("Allow", "GET, POST");
                        base.setHandled(true);
                        break;
                    default: // no context takes it (pax-web has not registered one yet)
                }
            }
        });
        server.insertHandler(new NoHtmlGuard());
        server.setErrorHandler(new JsonErrorHandler());
        server.start();
        port = connector.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStarting(HttpResponse<String> response) {
        assertEquals(response.body(), 503, response.statusCode());
        assertEquals("{\"status\":503,\"message\":\"Starting.\"}", response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    public void anHtmlErrorPageOfAServletIsTheJson503() throws Exception {
        assertStarting(get("/no-service"));
    }

    @Test
    public void aRequestNoContextTakesIsTheJson503() throws Exception {
        assertStarting(get("/v1/users"));
    }

    @Test
    public void otherAnswersPassUntouched() throws Exception {
        HttpResponse<String> docs = get("/docs");
        assertEquals(200, docs.statusCode());
        assertEquals("<html>docs</html>", docs.body());
        HttpResponse<String> json = get("/json");
        assertEquals(400, json.statusCode());
        assertEquals("{\"status\":400,\"message\":\"Missing required parameter.\"}", json.body());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void traceIsAJson405WhateverThePath() throws Exception {
        for (String path : new String[] {"/json", "/v1/users", "/"}) {
            HttpResponse<String> trace = send("TRACE", path);
            assertEquals(405, trace.statusCode());
            assertEquals("{\"status\":405,\"message\":\"Method not allowed.\"}", trace.body());
            assertEquals(NoHtmlGuard.ALLOW, trace.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    public void anErrorWithoutABodyGetsTheSeedsJson() throws Exception {
        HttpResponse<String> bare = get("/bare-405");
        assertEquals(405, bare.statusCode());
        assertEquals("{\"status\":405,\"message\":\"Method not allowed.\"}", bare.body());
    }

    @Test
    public void anEmptyAnswerToOptionsIsADeliberate204() throws Exception {
        HttpResponse<String> options = send("OPTIONS", "/options");
        assertEquals(204, options.statusCode());
        assertEquals("", options.body());
        assertEquals("GET, POST", options.headers().firstValue("Allow").orElse(""));
    }

    /** Jetty's stream once the client has gone: every write fails as HttpOutput's does. */
    private static final class ClosedStream extends javax.servlet.ServletOutputStream {
        private final IOException failure;

        ClosedStream(IOException failure) {
            this.failure = failure;
        }

        @Override
        public boolean isReady() {
            return false;
        }

        @Override
        public void setWriteListener(javax.servlet.WriteListener listener) {
        }

        @Override
        public void write(int b) throws IOException {
            throw failure;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw failure;
        }

        @Override
        public void flush() throws IOException {
            throw failure;
        }
    }

    @Test
    public void writesToAClientThatHungUpAreDroppedQuietly() throws Exception {
        for (IOException hangUp : new IOException[] {new org.eclipse.jetty.io.EofException("Closed"),
                new IOException("Broken pipe"), new IOException(new java.io.EOFException())}) {
            NoHtmlGuard.HangUpTolerant stream = new NoHtmlGuard.HangUpTolerant(new ClosedStream(hangUp));
            stream.write(new byte[10_000], 0, 10_000); // what CXF's writer does: no exception reaches it
            stream.write('x');
            stream.flush();
            stream.close();
            assertTrue(stream.clientGone());
        }
    }

    @Test
    public void otherWriteFailuresStillReachTheServlet() {
        NoHtmlGuard.HangUpTolerant stream = new NoHtmlGuard.HangUpTolerant(
                new ClosedStream(new IOException("No space left on device")));
        IOException e = org.junit.Assert.assertThrows(IOException.class, () -> stream.write(new byte[10], 0, 10));
        assertEquals("No space left on device", e.getMessage());
    }
}
