package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.visage.api.storage.ApiUserStore;

import io.visage.itests.Http.Answer;

/**
 * Failed authentications are budgeted per API user and per client address (io.visage.core.apiusers): over a
 * budget, the seed's JSON 429 with Retry-After, for the right key too, until the window ends; then the right
 * key works again. The budgets are made small (and the window short) for the test, and put back after.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AuthenticationThrottlingIT extends VisageTestSupport {
    private static final String PID = "io.visage.core.apiusers";
    private static final String SERVICE = "io.visage.api.tenant.ApiUserService";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Inject
    protected BundleContext bundleContext;

    @After
    public void restoreDefaults() {
        configure("config:property-delete maxFailuresPerUser ; config:property-delete maxFailuresPerClient ; "
                + "config:property-delete failureWindowSeconds ; config:property-delete trustedClientSeconds",
                "maxFailuresPerUser = 20", "maxFailuresPerClient = 50", "failureWindowSeconds = 60");
    }

    @Test
    public void wrongKeysOverTheUsersBudgetGet429WithRetryAfterAndTheRightKeyWorksAfterTheWindow() throws Exception {
        String user = uniqueName("throttled");
        String key = addApiUser(user, null);
        configure("config:property-set maxFailuresPerUser 4 ; config:property-set maxFailuresPerClient 0 ; "
                + "config:property-set failureWindowSeconds 3 ; config:property-set trustedClientSeconds 0",
                "maxFailuresPerUser = 4", "maxFailuresPerClient = 0", "trustedClientSeconds = 0");
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> wrong = users(user, "wrong-key-" + i);
            assertEquals(wrong.body(), 401, wrong.statusCode());
            assertEquals("{\"status\":401,\"message\":\"Invalid credentials.\"}", wrong.body());
        }
        HttpResponse<String> throttled = users(user, "wrong-key-5");
        assertThrottled(throttled);
        // The right key is refused as well: otherwise 429 for a wrong key and 200 for the right one would tell.
        assertThrottled(users(user, key));
        assertEquals(200, awaitAccepted(user, key).statusCode());
    }

    @Test
    public void failuresFromOneAddressOverItsBudgetGet429ForEveryApiUser() throws Exception {
        String user = uniqueName("bystander");
        String key = addApiUser(user, null);
        configure("config:property-set maxFailuresPerUser 0 ; config:property-set maxFailuresPerClient 3 ; "
                + "config:property-set failureWindowSeconds 3", "maxFailuresPerUser = 0", "maxFailuresPerClient = 3");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> unknown = users(uniqueName("nobody"), "x");
            assertEquals(unknown.body(), 400, unknown.statusCode());
            assertTrue(unknown.body(), unknown.body().contains("API user not found."));
        }
        assertThrottled(users(user, key));
        assertEquals(200, awaitAccepted(user, key).statusCode());
    }

    /**
     * A key stored by an earlier version as a PBKDF2 hash (written here into storage as that version did) keeps
     * working, and after its first correct use storage holds its HMAC instead: no user has to rotate.
     */
    @Test
    public void aKeyStoredAsPbkdf2ByAnEarlierVersionWorksAndIsThenReStoredAsHmac() throws Exception {
        String user = uniqueName("legacy");
        addApiUser(user, null);
        String oldKey = "an-old-key-" + Long.toString(System.nanoTime(), 36);
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(oldKey.toCharArray(), salt, 10_000, 256);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        ServiceReference<ApiUserStore> reference = bundleContext.getServiceReference(ApiUserStore.class);
        ApiUserStore store = bundleContext.getService(reference);
        try {
            assertTrue(store.updateKeyHash(user, "pbkdf2-sha256$10000$" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(hash)));
            HttpResponse<String> wrong = users(user, "not-" + oldKey);
            assertEquals(wrong.body(), 401, wrong.statusCode());
            assertTrue(store.findByName(user).orElseThrow().keyHash().startsWith("pbkdf2-sha256$"));
            HttpResponse<String> right = users(user, oldKey);
            assertEquals(right.body(), 200, right.statusCode());
            String stored = store.findByName(user).orElseThrow().keyHash();
            assertTrue(stored.startsWith("hmac-sha256$"));
            assertFalse(stored.contains(oldKey));
            assertEquals(200, users(user, oldKey).statusCode());
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    private static void assertThrottled(HttpResponse<String> response) {
        assertEquals(response.body(), 429, response.statusCode());
        Answer json = new Answer(response.statusCode(), response.body());
        assertEquals(response.body(), 429, json.status());
        assertTrue(response.body(), json.message().startsWith("Too many failed authentications. Try again in "));
        assertEquals(2, json.json.size());
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 3);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    /** Asks with the right key until the window has passed (Retry-After says how long; 30 s at most). */
    private HttpResponse<String> awaitAccepted(String user, String key) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResponse<String> response = users(user, key);
        while (response.statusCode() == 429 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
            response = users(user, key);
        }
        return response;
    }

    private HttpResponse<String> users(String user, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + System.getProperty("visage.itest.httpPort") + "/v1/users?api_user=" + user
                + "&api_key=" + key)).timeout(Duration.ofSeconds(30)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Changes the settings in one edit and waits until the service carries them: the component takes a new
     * configuration a moment after config:update, and failures counted before would count under the old budget.
     */
    private void configure(String changes, String... applied) {
        String output = executeAdminCommand("config:edit " + PID + " ; " + changes + " ; config:update");
        assertFalse(output, output.contains("Error"));
        long deadline = System.currentTimeMillis() + 30_000;
        String services = "";
        while (System.currentTimeMillis() < deadline) {
            services = executeAdminCommand("service:list " + SERVICE);
            String listed = services;
            if (java.util.Arrays.stream(applied).allMatch(listed::contains)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("The API user service did not take " + String.join(", ", applied) + ":\n"
                + services);
    }
}
