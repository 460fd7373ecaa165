/**
 * What the platform measures about itself for operators: {@link io.visage.metrics.MetricsService} records
 * answered HTTP requests and template index searches, and renders every metric (requests, template index, JVM)
 * in Prometheus' text format.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.visage.metrics;
