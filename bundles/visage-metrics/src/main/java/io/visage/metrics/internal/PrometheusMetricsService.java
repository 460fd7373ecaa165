package io.visage.metrics.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.visage.api.admin.PlatformAdmin;
import io.visage.api.index.IndexStats;
import io.visage.metrics.MetricsService;

/**
 * Micrometer's Prometheus registry, private to this bundle: HTTP requests as a histogram per endpoint, method
 * and status; the template index's size as gauges read from {@link PlatformAdmin} at each scrape; JVM memory,
 * GC, threads, CPU and uptime from Micrometer's JVM binders.
 */
@Component(service = MetricsService.class)
public final class PrometheusMetricsService implements MetricsService {
    static final String REQUESTS = "visage.http.requests";
    static final String INDEX_SEARCHES = "visage.index.searches";
    /** Histogram buckets: a liveness check takes tens of ms, an enrolment with quality a few hundred. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** An exact scan of 10k templates takes ~1.5 ms, HNSW over a million 5-50 ms, an exact scan of a million ~70. */
    private static final Duration[] INDEX_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Registers JMX notification listeners: closed on deactivation, or they outlive the bundle. */
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** Optional and dynamic: without it (core restarting) the index gauges read NaN; requests are still counted. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PlatformAdmin admin;

    @Activate
    public PrometheusMetricsService() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        indexGauge("visage.index.templates", "Templates in the template index, all tenants and models", null,
                IndexStats::templates);
        indexGauge("visage.index.users", "Gallery users known to the template index", null, IndexStats::users);
        indexGauge("visage.index.tenants", "Tenants holding templates or group memberships", null, IndexStats::tenants);
        indexGauge("visage.index.allocated", "Memory the index backend allocated for templates (its estimate)",
                "bytes", IndexStats::allocatedBytes);
    }

    private void indexGauge(String name, String description, String unit, ToLongFunction<IndexStats> figure) {
        Gauge.builder(name, this, metrics -> metrics.indexFigure(figure)).description(description).baseUnit(unit)
                .register(registry);
    }

    private double indexFigure(ToLongFunction<IndexStats> figure) {
        PlatformAdmin current = admin;
        return current == null ? Double.NaN : figure.applyAsLong(current.indexStats());
    }

    @Override
    public void requestAnswered(String endpoint, String method, int status, long nanos) {
        Timer.builder(REQUESTS).description("HTTP requests answered, by endpoint, method and status")
                .tags(List.of(Tag.of("endpoint", endpoint),
                        Tag.of("method", method),
                        Tag.of("status", Integer.toString(status))))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void indexSearched(String backend, long nanos) {
        Timer.builder(INDEX_SEARCHES).description("1:N searches of the template index, by the backend that answered")
                .tag("backend", backend)
                .serviceLevelObjectives(INDEX_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    @Deactivate
    void close() {
        gc.close();
        registry.close();
    }
}
