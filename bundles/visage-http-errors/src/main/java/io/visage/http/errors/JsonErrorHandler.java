package io.visage.http.errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers in the seed's shape, {@code {"status": ..., "message": ...}}, never an HTML page:
 * requests Jetty refuses before any servlet sees them (URI or headers too long, a broken request line) and
 * failures no JAX-RS mapper caught (an unknown multipart charset fails inside the servlet container). A
 * failure of a request is the client's to fix or to retry, so a 5xx becomes the API's generic 400, as the REST
 * layer's own mapper does; nothing is said about the cause.
 */
public class JsonErrorHandler extends ErrorHandler {

    @Override
    public void doError(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        int status = clientStatus(response.getStatus());
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "must-revalidate,no-cache,no-store");
        byte[] body = json(status, messageFor(status)).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(json(status, messageFor(status)).getBytes(StandardCharsets.UTF_8));
    }

    static int clientStatus(int status) {
        return status >= 500 || status < 400 ? 400 : status;
    }

    static String messageFor(int status) {
        switch (status) {
            case 404:
                return "Resource not found.";
            case 405:
                return "Method not allowed.";
            case 408:
                return "Request timeout.";
            case 413:
                return "Request body too large.";
            case 414:
                return "Request URI too long.";
            case 431:
                return "Request headers too large.";
            default:
                return "Problem trying to process request.";
        }
    }

    static String json(int status, String message) {
        // The messages are this class's own constants: nothing needs escaping.
        return "{\"status\":" + status + ",\"message\":\"" + message + "\"}";
    }
}
