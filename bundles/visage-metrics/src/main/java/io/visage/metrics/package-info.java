/**
 * What the platform measures about itself for operators: {@link io.visage.metrics.MetricsService} records
 * answered HTTP requests and renders every metric (requests, template index, JVM) in Prometheus' text format.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.metrics;
