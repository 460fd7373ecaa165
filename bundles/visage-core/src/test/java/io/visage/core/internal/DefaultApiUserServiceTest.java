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

import org.junit.Test;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.storage.ApiUserRecord;
import io.visage.api.storage.ApiUserStore;
import io.visage.api.storage.DuplicateException;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.EndpointFamily;
import io.visage.api.tenant.IssuedKey;

public class DefaultApiUserServiceTest {
    private final RecordingStore store = new RecordingStore();
    private final DefaultApiUserService service = new DefaultApiUserService(config(10_000), store);

    static DefaultApiUserService.Config config(int iterations) {
        return new DefaultApiUserService.Config() {
            @Override
            public int hashIterations() {
                return iterations;
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
    public void issuedKeyAuthenticatesAndIsStoredOnlyAsSaltedHash() {
        IssuedKey issued = service.add("acme", EndpointFamily.all());
        assertEquals("acme", service.authenticate("acme", issued.apiKey(), EndpointFamily.GALLERY).name());
        String stored = store.users.get("acme").keyHash();
        assertFalse(stored.contains(issued.apiKey()));
        assertTrue(stored.startsWith("pbkdf2-sha256$10000$"));
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
