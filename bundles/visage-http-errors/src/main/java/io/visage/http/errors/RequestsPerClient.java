package io.visage.http.errors;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound on the requests one client address has in progress at once (from when Jetty hands the request over
 * until its answer is complete), so that a client holding many stalled or trickling uploads, each of which holds
 * a server thread while its body is read, cannot take every thread from the others. Past the bound a new request
 * from that address is answered at once, before its body is read, with
 * {@code 429 {"status":429,"message":"Too many requests in progress. Try again later."}}, {@code Retry-After} and
 * the connection closed. Idle keep-alive connections hold no request and are not counted (a client library's
 * pool of open connections is never refused). {@code visage-jetty.xml} inserts it around pax-web's handlers.
 */
public class RequestsPerClient extends HandlerWrapper {
    static final String TOO_MANY = "Too many requests in progress. Try again later.";
    private static final Logger LOG = LoggerFactory.getLogger(RequestsPerClient.class);
    private static final long LOG_EVERY_MILLIS = 60_000;

    private final int maxPerClient;
    private final Map<InetAddress, Integer> inProgress = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong();

    /** @param maxPerClient requests one address may have in progress at once; 0 or less: no bound */
    public RequestsPerClient(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        InetAddress client = client(baseRequest);
        if (client == null || maxPerClient <= 0 || baseRequest.getDispatcherType() != javax.servlet.DispatcherType.REQUEST) {
            super.handle(target, baseRequest, request, response);
            return;
        }
        if (!admit(client)) {
            refuse(client, baseRequest, response);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inProgress.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
            }
        };
        boolean async = false;
        try {
            super.handle(target, baseRequest, request, response);
            if (baseRequest.isAsyncStarted()) {
                baseRequest.getAsyncContext().addListener(new Release(release));
                async = true;
            }
        } finally {
            if (!async) {
                release.run();
            }
        }
    }

    /** Requests in progress now from the address (for tests and diagnostics). */
    public int inProgressFrom(InetAddress client) {
        return inProgress.getOrDefault(client, 0);
    }

    private boolean admit(InetAddress client) {
        boolean[] admitted = new boolean[1];
        inProgress.compute(client, (key, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < maxPerClient;
            return admitted[0] ? current + 1 : count;
        });
        return admitted[0];
    }

    private void refuse(InetAddress client, Request baseRequest, HttpServletResponse response) throws IOException {
        long total = refused.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_MILLIS && lastLog.compareAndSet(last, now)) {
            LOG.warn("Client {} has {} requests in progress, the most allowed: new ones are refused with 429 ({} so far)",
                    client.getHostAddress(), maxPerClient, total);
        }
        byte[] body = JsonErrorHandler.json(429, TOO_MANY).getBytes(StandardCharsets.UTF_8);
        response.setStatus(429);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeader.RETRY_AFTER.asString(), "1");
        response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "must-revalidate,no-cache,no-store");
        // The body is not read: the connection ends with the answer, the client's next request opens a new one.
        response.setHeader(HttpHeader.CONNECTION.asString(), HttpHeaderValue.CLOSE.asString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    private static InetAddress client(Request request) {
        InetSocketAddress remote = request.getRemoteInetSocketAddress();
        return remote == null ? null : remote.getAddress();
    }

    private static final class Release implements AsyncListener {
        private final Runnable release;

        Release(Runnable release) {
            this.release = release;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release.run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
