package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.visage.itests.Http.Answer;

/**
 * What a load balancer and Prometheus see: {@code /health} and {@code /ready} without credentials, readiness
 * following the storage bundle being stopped and started, and {@code /metrics} counting real requests, under
 * each of its access settings. Leaves the platform as it found it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class OperatorEndpointsIT extends GalleryTestSupport {
    private static final String STORAGE_BUNDLE = "visage-storage-jdbc";
    private static final String METRICS_PID = "io.visage.rest.metrics";

    @Inject
    protected BundleContext bundleContext;

    @Test
    public void healthAndReadinessAnswerWithoutCredentials() throws Exception {
        Answer health = http().get("/health");
        assertEquals(health.toString(), 200, health.httpStatus);
        assertEquals(health.toString(), "Alive.", health.message());
        Answer ready = awaitReady();
        assertEquals(ready.toString(), "{\"status\":200,\"message\":\"Ready.\"}", ready.body);
        // The bypass is for operator endpoints only: the API itself still wants credentials.
        Answer users = http().get("/v1/users");
        assertNotEquals(users.toString(), 200, users.httpStatus);
    }

    @Test
    public void stoppingStorageMakesTheNodeNotReadyNamingStorageUntilItIsBack() throws Exception {
        awaitReady();
        Bundle storage = bundle(STORAGE_BUNDLE);
        String stopped = executeAdminCommand("bundle:stop " + storage.getBundleId());
        assertFalse(stopped, stopped.contains("Error"));
        try {
            Answer notReady = poll("/ready", a -> a.httpStatus == 503, 30_000);
            assertEquals(notReady.toString(), 503, notReady.status());
            assertEquals(notReady.toString(), "Not ready.", notReady.message());
            assertTrue(notReady.toString(), notReady.json.get("missing").isArray());
            assertTrue(notReady.toString(), notReady.json.get("missing").toString().contains("\"storage\""));
            // No model stage went away with storage.
            assertFalse(notReady.toString(), notReady.json.get("missing").toString().contains("face-detector"));
            Answer health = http().get("/health");
            assertEquals("the process still answers: " + health, 200, health.httpStatus);
        } finally {
            String started = executeAdminCommand("bundle:start " + storage.getBundleId());
            assertFalse(started, started.contains("Error"));
        }
        awaitReady();
        assertEquals(Bundle.ACTIVE, bundle(STORAGE_BUNDLE).getState());
    }

    @Test
    public void metricsCountRequestsPerEndpointAndStatus() throws Exception {
        Tenant tenant = tenant("metrics");
        String ok = "visage_http_requests_seconds_count{endpoint=\"/users\",method=\"GET\",status=\"200\"}";
        String refused = "visage_http_requests_seconds_count{endpoint=\"/users\",method=\"GET\",status=\"401\"}";
        String before = scrape().body();
        for (int i = 0; i < 3; i++) {
            assertOk(tenant.users(null), "Succeeded.");
        }
        Answer wrongKey = http().get("/v1/users?api_user=" + tenant.name + "&api_key=not-the-key");
        assertEquals(wrongKey.toString(), 401, wrongKey.httpStatus);

        HttpResponse<String> after = scrape();
        assertEquals(200, after.statusCode());
        // Prometheus' text format 0.0.4, whatever order CXF writes the media type's parameters in.
        String type = after.headers().firstValue("Content-Type").orElse("").replace(" ", "");
        assertTrue(type, type.startsWith("text/plain;") && type.contains(";version=0.0.4"));
        String text = after.body();
        assertEquals(text, sample(before, ok) + 3, sample(text, ok), 0);
        assertEquals(text, sample(before, refused) + 1, sample(text, refused), 0);
        assertTrue(text, sample(text, "visage_http_requests_seconds_bucket{endpoint=\"/users\",method=\"GET\",status=\"200\",le=\"+Inf\"}")
                >= sample(text, ok));
        // Requests that matched nothing are counted under one label, not under their raw paths.
        http().get("/no/such/path/" + System.nanoTime());
        assertTrue(text, scrape().body().contains("endpoint=\"unmatched\""));
        // The index gauges read the running index (the tenant above has no templates, others may).
        double templates = sample(text, "visage_index_templates");
        assertTrue(text, templates >= 0);
        assertTrue(text, sample(text, "jvm_memory_used_bytes{area=\"heap\"") > 0);

        // A 1:N match's index search is timed under the backend that answered it (the exact one by default).
        tenant.enrol("penny", PENNY1);
        String searches = "visage_index_searches_seconds_count{backend=\"exact\"}";
        double searchesBefore = sample(scrape().body(), searches);
        assertOk(tenant.match("liveness=false&top_n=1", image(PENNY2)), "Request OK");
        String afterMatch = scrape().body();
        assertEquals(afterMatch, searchesBefore + 1, sample(afterMatch, searches), 0);
        assertTrue(afterMatch, sample(afterMatch, "visage_index_searches_seconds_bucket{backend=\"exact\",le=\"+Inf\"}")
                >= searchesBefore + 1);
    }

    @Test
    public void metricsAccessFollowsTheSettingWithoutTakingTheApiDown() throws Exception {
        Tenant tenant = tenant("metrics-access");
        try {
            configureMetrics("config:property-set access token ; config:property-set .token itest-scrape-token");
            HttpResponse<String> noToken = poll401();
            assertEquals(noToken.body(), "Bearer realm=\"metrics\"", noToken.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(200, get("/metrics", "Authorization", "Bearer itest-scrape-token").statusCode());
            assertEquals(401, get("/metrics", "Authorization", "Bearer wrong").statusCode());
            // A private (.token) property: DS does not copy it into the service properties service:list shows.
            String services = executeAdminCommand("service:list");
            assertTrue(services, services.contains("io.visage.rest.metrics"));
            assertFalse("the token is not in the service registry", services.contains("itest-scrape-token"));
            // The API was not re-published for a setting of the metrics endpoint.
            assertOk(tenant.users(null), "Succeeded.");

            configureMetrics("config:property-set access off");
            long deadline = System.currentTimeMillis() + 10_000;
            HttpResponse<String> off;
            do {
                off = get("/metrics", "Authorization", "Bearer itest-scrape-token");
            } while (off.statusCode() != 404 && System.currentTimeMillis() < deadline);
            assertEquals(off.body(), 404, off.statusCode());
            assertEquals("{\"status\":404,\"message\":\"Resource not found.\"}", off.body());
        } finally {
            configureMetrics("config:property-set access localhost ; config:property-delete .token");
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (scrape().statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("back to the default: localhost may scrape", 200, scrape().statusCode());
    }

    private HttpResponse<String> poll401() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        HttpResponse<String> answer;
        do {
            answer = scrape();
        } while (answer.statusCode() != 401 && System.currentTimeMillis() < deadline);
        assertEquals(diagnosis(), 401, answer.statusCode());
        return answer;
    }

    /**
     * Changes the metrics configuration in one edit: separate {@code config:property-set -p} calls can lose each
     * other's key to the cfg file being written back and read again in between.
     */
    private void configureMetrics(String changes) {
        String output = executeAdminCommand("config:edit " + METRICS_PID + " ; " + changes + " ; config:update");
        assertFalse(output, output.contains("Error"));
    }

    private String diagnosis() throws Exception {
        StringBuilder text = new StringBuilder(executeAdminCommand("config:list \"(service.pid=" + METRICS_PID + ")\""));
        for (String line : karafLog().split("\\R")) {
            if (line.contains("metrics") || line.contains("MetricsResource")) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    private Answer awaitReady() throws Exception {
        return poll("/ready", a -> a.httpStatus == 200, 60_000);
    }

    private Answer poll(String path, java.util.function.Predicate<Answer> until, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        Answer answer = http().get(path);
        while (!until.test(answer)) {
            assertTrue("no such answer from " + path + " within " + millis / 1000 + " s; last: " + answer,
                    System.currentTimeMillis() < deadline);
            Thread.sleep(200);
            answer = http().get(path);
        }
        return answer;
    }

    private HttpResponse<String> scrape() throws Exception {
        return get("/metrics");
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://localhost:" + System.getProperty("visage.itest.httpPort") + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the first sample starting with the given name and labels; 0 when there is none yet. */
    private static double sample(String text, String prefix) {
        Matcher line = Pattern.compile("^" + Pattern.quote(prefix) + ".* (\\S+)$", Pattern.MULTILINE).matcher(text);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
