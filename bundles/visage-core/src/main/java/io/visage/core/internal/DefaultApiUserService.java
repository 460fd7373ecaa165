package io.visage.core.internal;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.storage.ApiUserRecord;
import io.visage.api.storage.ApiUserStore;
import io.visage.api.storage.DuplicateException;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.ApiUserService;
import io.visage.api.tenant.AuthenticationThrottledException;
import io.visage.api.tenant.EndpointFamily;
import io.visage.api.tenant.IssuedKey;

/**
 * API users: generated keys, stored as HMAC-SHA-256 under a key derived from the platform's master key, checked
 * with the seed's error messages, failures throttled per API user and per client address. Keys stored as
 * PBKDF2 hashes by earlier versions are re-stored as HMACs the first time they are presented correctly.
 */
@Component(configurationPid = DefaultApiUserService.PID)
@Designate(ocd = DefaultApiUserService.Config.class)
public final class DefaultApiUserService implements ApiUserService {
    static final String PID = "io.visage.core.apiusers";
    /** What the API key secret is derived for; another purpose of the master key gets another key. */
    static final String KEY_PURPOSE = "visage api-key hmac-sha256 v1";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultApiUserService.class);
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    @ObjectClassDefinition(name = "Visage API users",
            description = "How failed authentications are throttled. Keys are stored as HMAC-SHA-256 under a key "
                    + "derived from the master key (io.visage.core.templates).")
    @interface Config {
        @AttributeDefinition(name = "Failures per API user", min = "0", description = "Failed authentications "
                + "allowed for one API user name within the window; over it, 429 until the window ends, except "
                + "from addresses that authenticated as that user lately. 0 = no limit.")
        int maxFailuresPerUser() default 20;

        @AttributeDefinition(name = "Failures per client address", min = "0", description = "Failed "
                + "authentications (wrong key or unknown API user) allowed from one client address within the "
                + "window. Behind a reverse proxy every client has the proxy's address: 0 = no limit.")
        int maxFailuresPerClient() default 50;

        @AttributeDefinition(name = "Window (seconds)", min = "1",
                description = "Starts with the first failure; the budget is whole again when it ends.")
        int failureWindowSeconds() default 60;

        @AttributeDefinition(name = "Trusted address period (seconds)", min = "0", description = "An address "
                + "that authenticated as an API user within this period is not held to that user's budget.")
        int trustedClientSeconds() default 3600;
    }

    private final ApiUserStore store;
    private final LongSupplier clock;
    private volatile KeyHasher hasher;
    private volatile FailureThrottle throttle;

    @Activate
    public DefaultApiUserService(Config config, @Reference ApiUserStore store, @Reference MasterKey masterKey) {
        this(config, store, masterKey.derive(KEY_PURPOSE), System::currentTimeMillis);
    }

    DefaultApiUserService(Config config, ApiUserStore store, byte[] keySecret, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
        this.hasher = new KeyHasher(keySecret);
        this.throttle = new FailureThrottle(settings(config), clock);
    }

    /** New budgets start with a clean slate. */
    @Modified
    void modified(Config changed) {
        this.throttle = new FailureThrottle(settings(changed), clock);
    }

    private static FailureThrottle.Settings settings(Config config) {
        return new FailureThrottle.Settings(Math.max(0, config.maxFailuresPerUser()),
                Math.max(0, config.maxFailuresPerClient()), Math.max(1, config.failureWindowSeconds()) * 1000L,
                Math.max(0, config.trustedClientSeconds()) * 1000L);
    }

    @Override
    public ApiUser authenticate(String apiUser, String apiKey, EndpointFamily family) {
        return authenticate(apiUser, apiKey, family, null);
    }

    /**
     * The key is checked before the account's state, so only a caller holding the right key learns that the
     * API user is disabled or lacks the role; checking costs the same few microseconds for a right key and a
     * wrong one (except, once per key, the slow hash of an earlier version).
     */
    @Override
    public ApiUser authenticate(String apiUser, String apiKey, EndpointFamily family, String clientAddress) {
        if (apiUser == null || apiUser.isBlank() || apiKey == null || apiKey.isBlank()) {
            throw new RequestRefusedException(Refusal.MISSING_PARAMETER);
        }
        FailureThrottle budgets = throttle;
        long wait = budgets.refusedFor(apiUser, clientAddress);
        if (wait > 0) {
            throw new AuthenticationThrottledException(wait);
        }
        ApiUserRecord record = store.findByName(apiUser).orElse(null);
        if (record == null) {
            budgets.failed(null, clientAddress);
            throw new RequestRefusedException(Refusal.API_USER_UNKNOWN);
        }
        KeyHasher keys = hasher;
        if (!keys.matches(apiKey, record.keyHash())) {
            budgets.failed(apiUser, clientAddress);
            throw new RequestRefusedException(Refusal.INVALID_CREDENTIALS);
        }
        budgets.succeeded(apiUser, clientAddress);
        if (keys.isLegacy(record.keyHash())) {
            migrate(apiUser, apiKey, record.keyHash(), keys);
        }
        if (!record.user().enabled()) {
            throw new RequestRefusedException(Refusal.API_USER_DISABLED);
        }
        if (!record.user().mayCall(family)) {
            throw new RequestRefusedException(Refusal.ROLE_NOT_GRANTED);
        }
        return record.user();
    }

    /**
     * Re-stores a key verified against an earlier version's slow hash as an HMAC, unless the key was rotated
     * meanwhile (serialised with {@link #rotateKey} on this node). A failure to write is logged: the next
     * correct request tries again.
     */
    private synchronized void migrate(String apiUser, String apiKey, String verifiedHash, KeyHasher keys) {
        try {
            boolean unchanged = store.findByName(apiUser).map(r -> r.keyHash().equals(verifiedHash)).orElse(false);
            if (unchanged && store.updateKeyHash(apiUser, keys.hash(apiKey))) {
                LOG.info("API user {}: key re-stored as HMAC-SHA-256 (was PBKDF2)", apiUser);
            }
        } catch (RuntimeException e) {
            LOG.warn("API user {}: could not re-store the key as HMAC-SHA-256, will try again: {}", apiUser,
                    e.toString());
        }
    }

    @Override
    public IssuedKey add(String name, Set<EndpointFamily> roles) {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("API user names are 1-128 characters of letters, digits and ._@- "
                    + "starting with a letter or digit");
        }
        String key = hasher.newKey();
        try {
            ApiUserRecord record = store.insert(name, hasher.hash(key), roles);
            return new IssuedKey(record.user(), key);
        } catch (DuplicateException e) {
            throw new IllegalArgumentException("API user " + name + " already exists", e);
        }
    }

    @Override
    public List<ApiUser> list() {
        return store.list().stream().map(ApiUserRecord::user).collect(Collectors.toList());
    }

    @Override
    public boolean remove(String name) {
        throttle.forget(name);
        return store.delete(name);
    }

    @Override
    public synchronized IssuedKey rotateKey(String name) {
        existing(name);
        KeyHasher keys = hasher;
        String key = keys.newKey();
        store.updateKeyHash(name, keys.hash(key));
        throttle.forget(name);
        return new IssuedKey(existing(name), key);
    }

    @Override
    public ApiUser setEnabled(String name, boolean enabled) {
        existing(name);
        store.updateEnabled(name, enabled);
        return existing(name);
    }

    @Override
    public ApiUser setRoles(String name, Set<EndpointFamily> roles) {
        existing(name);
        store.updateRoles(name, roles);
        return existing(name);
    }

    private ApiUser existing(String name) {
        return store.findByName(name).map(ApiUserRecord::user)
                .orElseThrow(() -> new IllegalArgumentException("No API user named " + name));
    }
}
