package io.visage.http.errors;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Wraps every handler pax-web installs ({@code visage-jetty.xml} inserts it around them), so that what is not
 * yet there while the platform starts is the seed's JSON: a request no servlet context takes (pax-web has not
 * registered CXF's yet) and an HTML error page written by a servlet itself (CXF's "No service was found." before
 * the API is published) become {@code 503 {"status":503,"message":"Starting."}} with {@code Retry-After}.
 * HTML answers below 400 (a documentation page) pass untouched. After the start it keeps the edges JSON too: TRACE is
 * the JSON 405 with {@code Allow} (Jetty's is empty), an error status answered without any body gets the seed's JSON
 * for that status, and the empty 200 CXF gives OPTIONS is a deliberate empty 204.
 */
public class NoHtmlGuard extends HandlerWrapper {
    static final String STARTING = "Starting.";

    static final String ALLOW = "GET, POST, PUT, DELETE, OPTIONS";

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String method = request.getMethod();
        if ("TRACE".equalsIgnoreCase(method)) { // never served; Jetty's own answer is an empty 405
            response.setHeader(HttpHeader.ALLOW.asString(), ALLOW);
            writeJson(baseRequest, response, 405, JsonErrorHandler.messageFor(405));
            return;
        }
        HtmlErrorCatcher catcher = new HtmlErrorCatcher(response, "OPTIONS".equalsIgnoreCase(method));
        super.handle(target, baseRequest, request, catcher);
        if (catcher.options && baseRequest.isHandled() && !response.isCommitted() && catcher.status == 200
                && !catcher.bodyRequested) {
            response.setStatus(204); // a deliberate empty answer (CXF's OPTIONS is an empty 200)
        }
        if (!catcher.caught && baseRequest.isHandled() && !response.isCommitted() && catcher.status >= 400
                && !catcher.bodyRequested && !"HEAD".equalsIgnoreCase(method)) {
            // an error answered with no body at all (a servlet's bare sendError-less status): the seed's JSON
            int status = JsonErrorHandler.clientStatus(catcher.status);
            writeJson(baseRequest, response, status, JsonErrorHandler.messageFor(status));
            return;
        }
        if (catcher.caught || (!baseRequest.isHandled() && !response.isCommitted())) {
            if (catcher.caught && response.isCommitted()) {
                return; // cannot happen: the HTML went nowhere, so nothing was flushed
            }
            response.reset();
            byte[] body = JsonErrorHandler.json(503, STARTING).getBytes(StandardCharsets.UTF_8);
            response.setStatus(503);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader(HttpHeader.RETRY_AFTER.asString(), "1");
            response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "must-revalidate,no-cache,no-store");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            baseRequest.setHandled(true);
        }
    }

    private static void writeJson(Request baseRequest, HttpServletResponse response, int status, String message)
            throws IOException {
        byte[] body = JsonErrorHandler.json(status, message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "must-revalidate,no-cache,no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    /**
     * Swallows the body of an HTML answer of status 400 or more; every other answer goes through. Notes whether a
     * body was asked for, and for OPTIONS turns an empty 200 into 204.
     */
    static final class HtmlErrorCatcher extends HttpServletResponseWrapper {
        private final boolean options;
        private int status = 200;
        private String contentType;
        boolean caught;
        boolean bodyRequested;
        private HangUpTolerant stream;

        HtmlErrorCatcher(HttpServletResponse response) {
            this(response, false);
        }

        HtmlErrorCatcher(HttpServletResponse response, boolean options) {
            super(response);
            this.options = options;
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
            super.setStatus(options && sc == 200 && !bodyRequested ? 204 : sc);
        }

        @Override
        @Deprecated
        public void setStatus(int sc, String message) {
            setStatus(sc);
        }

        @Override
        public void sendError(int sc) throws IOException {
            status = sc;
            bodyRequested = true; // the error handler writes the JSON
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String message) throws IOException {
            status = sc;
            bodyRequested = true;
            super.sendError(sc, message);
        }

        @Override
        public void setContentType(String type) {
            contentType = type;
            if (!htmlError()) {
                super.setContentType(type);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (HttpHeader.CONTENT_TYPE.is(name)) {
                setContentType(value);
            } else {
                super.setHeader(name, value);
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            bodyRequested = true;
            if (htmlError()) {
                caught = true;
                return new Sink();
            }
            if (stream == null) {
                stream = new HangUpTolerant(super.getOutputStream());
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            bodyRequested = true;
            if (htmlError()) {
                caught = true;
                return new PrintWriter(OutputStream.nullOutputStream());
            }
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!caught) {
                super.flushBuffer();
            }
        }

        private boolean htmlError() {
            return status >= 400 && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html");
        }
    }

    /**
     * The answer's stream, quiet once the client has hung up: a write to a connection the client closed (Jetty's
     * EofException, a reset or broken pipe) is dropped, and so is everything after it, so that the servlet above
     * (CXF, which would log an ERROR "Problem with writing the data" and a stack trace) sees an answer it wrote. A
     * client that hangs up is not a server fault; the connection is closed either way.
     */
    static final class HangUpTolerant extends ServletOutputStream {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HangUpTolerant.class);
        private final ServletOutputStream out;
        private boolean gone;

        HangUpTolerant(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (!gone) {
                try {
                    out.write(b);
                } catch (IOException e) {
                    hungUp(e);
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!gone) {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    hungUp(e);
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (!gone) {
                try {
                    out.flush();
                } catch (IOException e) {
                    hungUp(e);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (!gone) {
                try {
                    out.close();
                } catch (IOException e) {
                    hungUp(e);
                }
            }
        }

        @Override
        public boolean isReady() {
            return gone || out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }

        boolean clientGone() {
            return gone;
        }

        private void hungUp(IOException e) throws IOException {
            if (!clientHungUp(e)) {
                throw e;
            }
            gone = true;
            LOG.debug("The client closed its connection before the answer was written: {}", e.toString());
        }

        /** An end of stream where more was due, a closed channel, a reset or broken connection, however wrapped. */
        static boolean clientHungUp(Throwable e) {
            int depth = 0;
            for (Throwable t = e; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
                if (t instanceof java.io.EOFException || t instanceof java.nio.channels.ClosedChannelException) {
                    return true; // Jetty's EofException ("Closed", "Early EOF") is an EOFException
                }
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (t instanceof IOException && (message.contains("broken pipe") || message.contains("connection reset")
                        || message.contains("connection abort"))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Sink extends ServletOutputStream {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            // Blocking use only: nothing is ever written.
        }

        @Override
        public void write(int b) {
            // swallowed
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // swallowed
        }
    }
}
