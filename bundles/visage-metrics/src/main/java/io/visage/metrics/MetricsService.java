package io.visage.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's metrics. Recording is cheap and never fails a request; rendering reads gauges (index size,
 * JVM memory) at that moment.
 */
@ProviderType
public interface MetricsService {

    /** The media type of {@link #scrape()}: Prometheus' text exposition format 0.0.4. */
    String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Records one answered HTTP request.
     *
     * @param endpoint the path template it matched (for example {@code /users}), never the raw path, so that
     *                 the number of label values stays bounded; {@code unmatched} when none matched
     * @param method   the HTTP method
     * @param status   the HTTP status answered
     * @param nanos    from arrival to the answer being ready to write
     */
    void requestAnswered(String endpoint, String method, int status, long nanos);

    /**
     * Records one 1:N search of the template index, the part of a gallery match that grows with the gallery.
     *
     * @param backend the index that answered ({@code exact}, {@code hnsw})
     * @param nanos   the search alone, from the query vector to the ranked users
     */
    void indexSearched(String backend, long nanos);

    /** Every metric in Prometheus' text exposition format ({@link #PROMETHEUS_TEXT}). */
    String scrape();
}
