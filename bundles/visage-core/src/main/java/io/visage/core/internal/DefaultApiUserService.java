package io.visage.core.internal;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.storage.ApiUserRecord;
import io.visage.api.storage.ApiUserStore;
import io.visage.api.storage.DuplicateException;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.ApiUserService;
import io.visage.api.tenant.EndpointFamily;
import io.visage.api.tenant.IssuedKey;

/** API users: generated keys, stored as PBKDF2 hashes, checked with the seed's error messages. */
@Component(configurationPid = DefaultApiUserService.PID)
@Designate(ocd = DefaultApiUserService.Config.class)
public final class DefaultApiUserService implements ApiUserService {
    static final String PID = "io.visage.core.apiusers";
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    @ObjectClassDefinition(name = "Visage API users", description = "How API keys are hashed.")
    @interface Config {
        @AttributeDefinition(name = "PBKDF2 iterations", min = "10000",
                description = "Cost of the stored key hash. Applies to keys created or rotated afterwards.")
        int hashIterations() default 210_000;
    }

    private final ApiUserStore store;
    private volatile KeyHasher hasher;
    private final VerifiedKeyCache verified = new VerifiedKeyCache();

    @Activate
    public DefaultApiUserService(Config config, @Reference ApiUserStore store) {
        this.store = store;
        this.hasher = new KeyHasher(config.hashIterations());
    }

    /** A new hash cost applies to keys created or rotated from now on; stored hashes carry their own cost. */
    @Modified
    void modified(Config changed) {
        this.hasher = new KeyHasher(changed.hashIterations());
    }

    @Override
    public ApiUser authenticate(String apiUser, String apiKey, EndpointFamily family) {
        if (apiUser == null || apiUser.isBlank() || apiKey == null || apiKey.isBlank()) {
            throw new RequestRefusedException(Refusal.MISSING_PARAMETER);
        }
        ApiUserRecord record = store.findByName(apiUser)
                .orElseThrow(() -> new RequestRefusedException(Refusal.API_USER_UNKNOWN));
        if (!record.user().enabled()) {
            throw new RequestRefusedException(Refusal.API_USER_DISABLED);
        }
        if (!verified.isVerified(apiUser, apiKey, record.keyHash())) {
            if (!hasher.matches(apiKey, record.keyHash())) {
                throw new RequestRefusedException(Refusal.INVALID_CREDENTIALS);
            }
            verified.remember(apiUser, apiKey, record.keyHash());
        }
        if (!record.user().mayCall(family)) {
            throw new RequestRefusedException(Refusal.ROLE_NOT_GRANTED);
        }
        return record.user();
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
        verified.forget(name);
        return store.delete(name);
    }

    @Override
    public IssuedKey rotateKey(String name) {
        existing(name);
        String key = hasher.newKey();
        store.updateKeyHash(name, hasher.hash(key));
        verified.forget(name);
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
