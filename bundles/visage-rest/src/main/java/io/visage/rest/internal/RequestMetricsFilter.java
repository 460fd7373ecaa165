package io.visage.rest.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.ws.rs.Path;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.metrics.MetricsService;

/**
 * Counts and times every request that reaches the API, from before any other filter until its answer (a
 * mapped error included) is ready to write. Labels stay bounded whatever clients send: the endpoint is the
 * matched path template without its version ({@code /users}, {@code /images/{key}}), or {@code unmatched};
 * unusual methods are {@code other}. It runs before matching, so before authentication; a CORS preflight that
 * the CORS filter answers before this one has run goes uncounted.
 */
@PreMatching
final class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    static final String UNMATCHED = "unmatched";
    private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
    private static final Logger LOG = LoggerFactory.getLogger(RequestMetricsFilter.class);

    private final Supplier<MetricsService> metrics;
    private final Map<Method, String> endpoints = new ConcurrentHashMap<>();

    @Context
    private ResourceInfo resourceInfo;

    RequestMetricsFilter(Supplier<MetricsService> metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MetricsService current = metrics.get();
        Object started = request.getProperty(STARTED);
        if (current == null || !(started instanceof Long)) {
            return;
        }
        long nanos = System.nanoTime() - (Long) started;
        try {
            current.requestAnswered(endpoint(), method(request.getMethod()), response.getStatus(), nanos);
        } catch (RuntimeException e) {
            // The metrics bundle going away mid-request must not cost the client its answer.
            LOG.debug("Request not recorded", e);
        }
    }

    private String endpoint() {
        Method method = resourceInfo.getResourceMethod();
        return method == null ? UNMATCHED
                : endpoints.computeIfAbsent(method, m -> template(resourceInfo.getResourceClass(), m));
    }

    /** {@code {version: v[012]}/images/{key}} becomes {@code /images/{key}}. */
    static String template(Class<?> resource, Method method) {
        StringBuilder path = new StringBuilder();
        append(path, resource.getAnnotation(Path.class));
        append(path, method.getAnnotation(Path.class));
        return path.length() == 0 ? "/" : path.toString();
    }

    private static void append(StringBuilder path, Path annotation) {
        if (annotation == null) {
            return;
        }
        for (String segment : annotation.value().split("/")) {
            if (!segment.isEmpty() && !segment.startsWith("{version")) {
                path.append('/').append(segment);
            }
        }
    }

    private static String method(String method) {
        return METHODS.contains(method) ? method : "other";
    }
}
