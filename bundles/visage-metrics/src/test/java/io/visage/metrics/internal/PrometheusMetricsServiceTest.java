package io.visage.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;

public class PrometheusMetricsServiceTest {
    private final PrometheusMetricsService metrics = new PrometheusMetricsService();

    @After
    public void close() {
        metrics.close();
    }

    @Test
    public void countsAndTimesRequestsPerEndpointMethodAndStatus() {
        metrics.requestAnswered("/users", "GET", 200, TimeUnit.MILLISECONDS.toNanos(3));
        metrics.requestAnswered("/users", "GET", 200, TimeUnit.MILLISECONDS.toNanos(40));
        metrics.requestAnswered("/users", "GET", 401, TimeUnit.MILLISECONDS.toNanos(1));

        String text = metrics.scrape();
        String ok = "endpoint=\"/users\",method=\"GET\",status=\"200\"";
        assertEquals(text, 2.0, sample(text, "visage_http_requests_seconds_count{" + ok + "}"), 0);
        assertEquals(text, 1.0, sample(text, "visage_http_requests_seconds_count{endpoint=\"/users\",method=\"GET\",status=\"401\"}"), 0);
        assertEquals(text, 0.043, sample(text, "visage_http_requests_seconds_sum{" + ok + "}"), 1e-9);
        // Cumulative buckets: 3 ms falls in le=0.005, 40 ms first in le=0.05.
        assertEquals(text, 1.0, sample(text, "visage_http_requests_seconds_bucket{" + ok + ",le=\"0.005\"}"), 0);
        assertEquals(text, 1.0, sample(text, "visage_http_requests_seconds_bucket{" + ok + ",le=\"0.025\"}"), 0);
        assertEquals(text, 2.0, sample(text, "visage_http_requests_seconds_bucket{" + ok + ",le=\"0.05\"}"), 0);
        assertEquals(text, 2.0, sample(text, "visage_http_requests_seconds_bucket{" + ok + ",le=\"+Inf\"}"), 0);
    }

    @Test
    public void timesIndexSearchesPerBackend() {
        for (int ms = 1; ms <= 9; ms++) {
            metrics.indexSearched("hnsw", TimeUnit.MILLISECONDS.toNanos(ms));
        }
        metrics.indexSearched("exact", TimeUnit.MILLISECONDS.toNanos(70));
        String text = metrics.scrape();
        assertEquals(text, 9.0, sample(text, "visage_index_searches_seconds_count{backend=\"hnsw\"}"), 0);
        assertEquals(text, 1.0, sample(text, "visage_index_searches_seconds_count{backend=\"exact\"}"), 0);
        // 1..5 ms fall in le=0.005; the exact search of 70 ms first in le=0.1
        assertEquals(text, 5.0, sample(text, "visage_index_searches_seconds_bucket{backend=\"hnsw\",le=\"0.005\"}"), 0);
        assertEquals(text, 0.0, sample(text, "visage_index_searches_seconds_bucket{backend=\"exact\",le=\"0.05\"}"), 0);
        assertEquals(text, 1.0, sample(text, "visage_index_searches_seconds_bucket{backend=\"exact\",le=\"0.1\"}"), 0);
    }

    @Test
    public void jvmMemoryIsMeasured() {
        String text = metrics.scrape();
        // Summed over the heap's pools: any one of them (Eden right after a collection) may read 0.
        assertTrue(text, sum(text, "jvm_memory_used_bytes{area=\"heap\",id=") > 0);
        assertTrue(text, text.contains("# TYPE jvm_gc_pause_seconds") || text.contains("jvm_gc_"));
        assertTrue(text, sample(text, "process_uptime_seconds") > 0);
    }

    @Test
    public void indexGaugesAreNotANumberWhileNoAdminIsBound() {
        String text = metrics.scrape();
        assertTrue(text, Double.isNaN(sample(text, "visage_index_templates")));
        assertTrue(text, text.contains("# HELP visage_index_templates Templates in the template index"));
        assertTrue(text, Double.isNaN(sample(text, "visage_index_allocated_bytes")));
    }

    /** The sum of every sample line starting with the given name and labels. */
    static double sum(String text, String prefix) {
        Matcher line = Pattern.compile("^" + Pattern.quote(prefix) + ".* (\\S+)$", Pattern.MULTILINE).matcher(text);
        double total = 0;
        boolean found = false;
        while (line.find()) {
            total += Double.parseDouble(line.group(1));
            found = true;
        }
        if (!found) {
            throw new AssertionError("no sample " + prefix + " in\n" + text);
        }
        return total;
    }

    /** The value of the first sample line starting with the given name and labels. */
    static double sample(String text, String prefix) {
        Matcher line = Pattern.compile("^" + Pattern.quote(prefix) + ".* (\\S+)$", Pattern.MULTILINE).matcher(text);
        if (!line.find()) {
            throw new AssertionError("no sample " + prefix + " in\n" + text);
        }
        return Double.parseDouble(line.group(1));
    }
}
