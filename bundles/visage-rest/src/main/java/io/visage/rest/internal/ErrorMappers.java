package io.visage.rest.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.RequestRefusedException;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;

/** The one place where failures become the seed's JSON errors; nothing else reaches the client. */
final class ErrorMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    /** Requests the REST layer cannot read: their own status and message. */
    static final class ClientErrorMapper implements ExceptionMapper<ClientErrorException> {
        @Override
        public Response toResponse(ClientErrorException e) {
            if (e.getCause() != null && clientHungUp(e.getCause())) {
                LOG.info("The client closed its connection while its request body was read: {}", e.getCause().toString());
            } else if (e.getCause() != null) {
                LOG.info("Request refused with {} {}", e.status(), e.getMessage(), e.getCause());
            }
            return Json.error(e.status(), e.getMessage());
        }
    }

    /** A use case's refusal, worded as the seed words it. */
    static final class RefusalMapper implements ExceptionMapper<RequestRefusedException> {
        @Override
        public Response toResponse(RequestRefusedException e) {
            SaffeErrors.Wording wording = SaffeErrors.of(e.refusal());
            return Json.error(wording.status(), wording.message(e.details()));
        }
    }

    /** Face pipeline failures; a stage that is not running (a model being replaced) is the seed's "try again". */
    static final class FaceExceptionMapper implements ExceptionMapper<FaceException> {
        @Override
        public Response toResponse(FaceException e) {
            if (e.error() == FaceError.STAGE_UNAVAILABLE) {
                LOG.warn("Request refused: {}", e.detail());
            }
            SaffeErrors.Wording wording = SaffeErrors.of(e.error());
            return Json.error(wording.status(), wording.template());
        }
    }

    /** A service the resource needs is being replaced or has not started: the seed's "try again" error. */
    static final class ServiceMissingMapper implements ExceptionMapper<ServiceMissingException> {
        @Override
        public Response toResponse(ServiceMissingException e) {
            LOG.info("Request refused: {}", e.getMessage());
            return Json.error(400, SaffeErrors.TRY_AGAIN);
        }
    }

    /** JAX-RS routing failures (unknown path, wrong method) as JSON instead of HTML. */
    static final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
            if (status == 404) {
                return Json.error(404, "Resource not found.");
            }
            if (status == 405) {
                return Json.error(405, "Method not allowed.");
            }
            if (status >= 500) {
                LOG.error("Request failed", e);
                return Json.error(400, "Problem trying to process request.");
            }
            Response.StatusType type = Response.Status.fromStatusCode(status);
            return Json.error(status, type == null ? "Problem trying to process request." : type.getReasonPhrase() + ".");
        }
    }

    /**
     * Anything unexpected: the cause goes to the server log, the client gets the seed's generic error. A client
     * that hung up early (its connection closed while the body was read or the answer written) is not a fault of
     * the server: one line at INFO, no stack trace.
     */
    static final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (clientHungUp(e)) {
                LOG.info("The client closed its connection before the request was answered: {}", rootOf(e));
            } else {
                LOG.error("Unexpected failure while processing a request", e);
            }
            return Json.error(400, "Problem trying to process request.");
        }
    }

    /**
     * Whether a failure is the client going away, however wrapped (CXF's Fault, an IOException around Jetty's
     * EofException): an end of stream where more was due, a closed channel, a reset or broken connection.
     */
    static boolean clientHungUp(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof java.io.EOFException || t instanceof java.nio.channels.ClosedChannelException) {
                return true; // Jetty's EofException ("Early EOF", "Closed") is an EOFException
            }
            if (t instanceof java.io.IOException) {
                String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (message.contains("broken pipe") || message.contains("connection reset")
                        || message.contains("connection abort")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootOf(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
            root = root.getCause();
        }
        return root.toString();
    }
}
