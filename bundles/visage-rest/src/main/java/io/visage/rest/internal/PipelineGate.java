package io.visage.rest.internal;

import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded concurrency for the face pipeline: authenticated requests carrying a multipart body (every image travels
 * in one) take one of a fixed number of slots once their body has been read (after the authentication filter, so
 * a slow upload holds no slot and an unauthenticated one never takes one); a few more may wait for a slot for a
 * short while; past that the client gets the seed's JSON {@code 503} with {@code Retry-After}, instead of every
 * request queueing until all answer slowly. The slot is given back when the answer (mapped errors included)
 * leaves the JAX-RS layer.
 */
@Priority(Priorities.USER + 100)
final class PipelineGate implements ContainerRequestFilter, ContainerResponseFilter {
    static final String BUSY = "Server busy. Try again later.";
    private static final String SLOT = PipelineGate.class.getName() + ".slot";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineGate.class);

    private final Semaphore slots;
    private final int maxWaiting;
    private final long maxWaitMillis;
    private final AtomicInteger waiting = new AtomicInteger();

    /** @param concurrency requests in the pipeline at once; 0 = no bound */
    PipelineGate(int concurrency, int maxWaiting, long maxWaitMillis) {
        this.slots = concurrency <= 0 ? null : new Semaphore(concurrency, true);
        this.maxWaiting = Math.max(0, maxWaiting);
        this.maxWaitMillis = Math.max(0, maxWaitMillis);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (slots == null || !carriesImages(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            return;
        }
        if (slots.tryAcquire()) {
            request.setProperty(SLOT, Boolean.TRUE);
            return;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            request.abortWith(busy());
            return;
        }
        try {
            if (slots.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS)) {
                request.setProperty(SLOT, Boolean.TRUE);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        request.abortWith(busy());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(SLOT) != null) {
            request.removeProperty(SLOT);
            slots.release();
        }
    }

    /** Slots free now (for tests). */
    int available() {
        return slots == null ? Integer.MAX_VALUE : slots.availablePermits();
    }

    private static boolean carriesImages(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    private static Response busy() {
        LOG.debug("Pipeline full: request refused with 503");
        return Response.fromResponse(Json.error(503, BUSY)).header(HttpHeaders.RETRY_AFTER, 1).build();
    }
}
