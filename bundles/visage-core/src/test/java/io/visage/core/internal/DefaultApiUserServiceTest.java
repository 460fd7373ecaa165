package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.storage.ApiUserRecord;
import io.visage.api.storage.ApiUserStore;
import io.visage.api.storage.DuplicateException;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.AuthenticationThrottledException;
import io.visage.api.tenant.EndpointFamily;
import io.visage.api.tenant.IssuedKey;

public class DefaultApiUserServiceTest {
    private static final byte[] SECRET = new byte[32];
    private final RecordingStore store = new RecordingStore();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DefaultApiUserService service = new DefaultApiUserService(config(3, 5), store, SECRET, now::get);

    static DefaultApiUserService.Config config(int perUser, int perClient) {
        return new DefaultApiUserService.Config() {
            @Override
            public int maxFailuresPerUser() {
                return perUser;
            }

            @Override
            public int maxFailuresPerClient() {
                return perClient;
            }

            @Override
            public int failureWindowSeconds() {
                return 60;
            }

            @Override
            public int trustedClientSeconds() {
                return 3600;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return DefaultApiUserService.Config.class;
            }
        };
    }

    private static Refusal refusalOf(Runnable call) {
        return assertThrows(RequestRefusedException.class, call::run).refusal();
    }

    @Test
    public void issuedKeyAuthenticatesAndIsStoredOnlyAsKeyedHash() {
        IssuedKey issued = service.add("acme", EndpointFamily.all());
        assertEquals("acme", service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY).name());
        String stored = store.users.get("acme").keyHash();
        assertFalse(stored.contains(issued.apiKey()));
        assertTrue(stored.startsWith("hmac-sha256$"));
        IssuedKey second = service.add("beta", EndpointFamily.all());
        assertNotEquals(issued.apiKey(), second.apiKey());
        assertFalse(issued.toString().contains(issued.apiKey()));
    }

    @Test
    public void refusalsInTheSeedsOrder() {
        IssuedKey issued = service.add("acme", Set.of(EndpointFamily.LIVENESS));
        assertEquals(Refusal.MISSING_PARAMETER, refusalOf(() -> service.authenticate("acme", "", EndpointFamily.LIVENESS)));
        assertEquals(Refusal.MISSING_PARAMETER, refusalOf(() -> service.authenticate(null, "k", EndpointFamily.LIVENESS)));
        assertEquals(Refusal.API_USER_UNKNOWN, refusalOf(() -> service.authenticate("nobody", "k", EndpointFamily.LIVENESS)));
        assertEquals(Refusal.INVALID_CREDENTIALS, refusalOf(() -> service.authenticate("acme", "wrong", EndpointFamily.LIVENESS)));
        assertEquals(Refusal.ROLE_NOT_GRANTED, refusalOf(() -> service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY)));
        service.setEnabled("acme", false);
        assertEquals(Refusal.API_USER_DISABLED, refusalOf(() -> service.authenticate("acme", issued.apiKey(), EndpointFamily.LIVENESS)));
    }

    @Test
    public void aWrongKeyLearnsNothingAboutTheAccountsState() {
        IssuedKey issued = service.add("acme", Set.of(EndpointFamily.LIVENESS));
        service.setEnabled("acme", false);
        assertEquals(Refusal.INVALID_CREDENTIALS, refusalOf(() -> service.authenticate("acme", "wrong", EndpointFamily.LIVENESS)));
        assertEquals(Refusal.INVALID_CREDENTIALS, refusalOf(() -> service.authenticate("acme", "wrong", EndpointFamily.GALLERY)));
        assertEquals(Refusal.API_USER_DISABLED, refusalOf(() -> service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY)));
    }

    @Test
    public void aKeyStoredAsPbkdf2IsReStoredAsHmacOnItsFirstCorrectUse() {
        service.add("acme", EndpointFamily.all());
        String key = "an-old-key-issued-by-an-earlier-version";
        String legacy = KeyHasher.legacyHash(key, new byte[16], 10_000);
        store.updateKeyHash("acme", legacy);
        assertEquals(Refusal.INVALID_CREDENTIALS, refusalOf(() -> service.authenticate("acme", "wrong", EndpointFamily.GALLERY)));
        assertEquals(legacy, store.users.get("acme").keyHash());
        assertEquals("acme", service.authenticate("acme", key, EndpointFamily.GALLERY).name());
        String migrated = store.users.get("acme").keyHash();
        assertTrue(migrated, migrated.startsWith("hmac-sha256$"));
        assertEquals(1, store.keyUpdates.get("acme") - 1); // the test's own update, then the migration
        assertEquals("acme", service.authenticate("acme", key, EndpointFamily.GALLERY).name());
        assertEquals(2, (int) store.keyUpdates.get("acme"));
        // A new secret (another master key) no longer accepts the key: the secret is part of the hash.
        DefaultApiUserService other = new DefaultApiUserService(config(3, 5), store, new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
            29, 30, 31, 32}, now::get);
        assertEquals(Refusal.INVALID_CREDENTIALS, refusalOf(() -> other.authenticate("acme", key, EndpointFamily.GALLERY)));
    }

    @Test
    public void failuresOverTheUsersBudgetAreThrottledUntilTheWindowEnds() {
        IssuedKey issued = service.add("acme", EndpointFamily.all());
        for (int i = 0; i < 3; i++) {
            String address = "10.0.0." + i;
            assertEquals(Refusal.INVALID_CREDENTIALS,
                    refusalOf(() -> service.authenticate("acme", "wrong", EndpointFamily.GALLERY, address)));
        }
        AuthenticationThrottledException throttled = assertThrows(AuthenticationThrottledException.class,
                () -> service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "10.0.0.9"));
        assertEquals(Refusal.AUTHENTICATION_THROTTLED, throttled.refusal());
        assertEquals(60, throttled.retryAfterSeconds());
        assertEquals(List.of(60L), throttled.details());
        now.addAndGet(59_500);
        assertEquals(1, assertThrows(AuthenticationThrottledException.class,
                () -> service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "10.0.0.9")).retryAfterSeconds());
        now.addAndGet(500);
        assertEquals("acme", service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "10.0.0.9").name());
        // Another user is not affected.
        IssuedKey beta = service.add("beta", EndpointFamily.all());
        assertEquals("beta", service.authenticate("beta", beta.apiKey(), EndpointFamily.GALLERY, "10.0.0.1").name());
    }

    @Test
    public void anAddressThatAuthenticatedAsTheUserIsNotLockedOutByOthersFailures() {
        IssuedKey issued = service.add("acme", EndpointFamily.all());
        service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "10.0.0.100");
        for (int i = 0; i < 3; i++) {
            String address = "10.0.1." + i;
            refusalOf(() -> service.authenticate("acme", "wrong", EndpointFamily.GALLERY, address));
        }
        assertThrows(AuthenticationThrottledException.class,
                () -> service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "10.0.0.101"));
        assertEquals("acme", service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "10.0.0.100").name());
    }

    @Test
    public void failuresFromOneAddressAreThrottledWhateverTheName() {
        IssuedKey issued = service.add("acme", EndpointFamily.all());
        for (int i = 0; i < 5; i++) {
            String name = "nobody" + i;
            assertEquals(Refusal.API_USER_UNKNOWN,
                    refusalOf(() -> service.authenticate(name, "k", EndpointFamily.GALLERY, "192.0.2.7")));
        }
        assertThrows(AuthenticationThrottledException.class,
                () -> service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "192.0.2.7"));
        assertEquals("acme", service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "192.0.2.8").name());
        // Unknown names do not count against a user of that name, and missing credentials count for nothing.
        assertEquals(Refusal.MISSING_PARAMETER, refusalOf(() -> service.authenticate("acme", "", EndpointFamily.GALLERY, "192.0.2.9")));
        now.addAndGet(60_000);
        assertEquals("acme", service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "192.0.2.7").name());
    }

    @Test
    public void budgetsOfZeroAreOff() {
        DefaultApiUserService unlimited = new DefaultApiUserService(config(0, 0), store, SECRET, now::get);
        IssuedKey issued = unlimited.add("acme", EndpointFamily.all());
        for (int i = 0; i < 100; i++) {
            refusalOf(() -> unlimited.authenticate("acme", "wrong", EndpointFamily.GALLERY, "192.0.2.7"));
        }
        assertEquals("acme", unlimited.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY, "192.0.2.7").name());
    }

    @Test
    public void rotationInvalidatesTheOldKeyEvenAfterItWasCached() {
        IssuedKey first = service.add("acme", EndpointFamily.all());
        service.authenticate("acme", first.apiKey(), EndpointFamily.GALLERY);
        IssuedKey second = service.rotateKey("acme");
        assertEquals(Refusal.INVALID_CREDENTIALS, refusalOf(() -> service.authenticate("acme", first.apiKey(), EndpointFamily.GALLERY)));
        assertEquals("acme", service.authenticate("acme", second.apiKey(), EndpointFamily.GALLERY).name());
    }

    @Test
    public void rolesCanBeChangedAndUsersRemoved() {
        IssuedKey issued = service.add("acme", Set.of(EndpointFamily.DETECTION));
        service.setRoles("acme", Set.of(EndpointFamily.GALLERY));
        assertEquals("acme", service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY).name());
        assertTrue(service.remove("acme"));
        assertEquals(Refusal.API_USER_UNKNOWN, refusalOf(() -> service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY)));
        assertFalse(service.remove("acme"));
    }

    @Test
    public void invalidOrDuplicateNamesAreRefused() {
        service.add("acme", EndpointFamily.all());
        assertThrows(IllegalArgumentException.class, () -> service.add("acme", EndpointFamily.all()));
        assertThrows(IllegalArgumentException.class, () -> service.add("bad name", EndpointFamily.all()));
        assertThrows(IllegalArgumentException.class, () -> service.add("", EndpointFamily.all()));
        assertThrows(IllegalArgumentException.class, () -> service.rotateKey("nobody"));
        assertEquals(1, service.list().size());
    }

    /** Records what the service stores; the JDBC store has its own tests against Derby. */
    static final class RecordingStore implements ApiUserStore {
        final Map<String, ApiUserRecord> users = new LinkedHashMap<>();
        final Map<String, Integer> keyUpdates = new LinkedHashMap<>();
        private long nextId = 1;

        @Override
        public ApiUserRecord insert(String name, String keyHash, Set<EndpointFamily> roles) {
            if (users.containsKey(name)) {
                throw new DuplicateException(name, null);
            }
            ApiUserRecord r = new ApiUserRecord(new ApiUser(nextId++, name, true, roles, Instant.now()), keyHash);
            users.put(name, r);
            return r;
        }

        @Override
        public Optional<ApiUserRecord> findByName(String name) {
            return Optional.ofNullable(users.get(name));
        }

        @Override
        public List<ApiUserRecord> list() {
            return new ArrayList<>(users.values());
        }

        @Override
        public boolean delete(String name) {
            return users.remove(name) != null;
        }

        @Override
        public boolean updateKeyHash(String name, String keyHash) {
            ApiUserRecord r = users.get(name);
            users.put(name, new ApiUserRecord(r.user(), keyHash));
            keyUpdates.merge(name, 1, Integer::sum);
            return true;
        }

        @Override
        public boolean updateEnabled(String name, boolean enabled) {
            ApiUser u = users.get(name).user();
            users.put(name, new ApiUserRecord(new ApiUser(u.id(), u.name(), enabled, u.roles(), u.created()),
                    users.get(name).keyHash()));
            return true;
        }

        @Override
        public boolean updateRoles(String name, Set<EndpointFamily> roles) {
            ApiUser u = users.get(name).user();
            users.put(name, new ApiUserRecord(new ApiUser(u.id(), u.name(), u.enabled(), roles, u.created()),
                    users.get(name).keyHash()));
            return true;
        }
    }
}
