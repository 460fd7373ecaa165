package io.visage.api.storage;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.tenant.EndpointFamily;

/** Stored API users. Names are unique. */
@ProviderType
public interface ApiUserStore {

    /** @throws DuplicateException if the name exists */
    ApiUserRecord insert(String name, String keyHash, Set<EndpointFamily> roles);

    Optional<ApiUserRecord> findByName(String name);

    List<ApiUserRecord> list();

    boolean delete(String name);

    boolean updateKeyHash(String name, String keyHash);

    boolean updateEnabled(String name, boolean enabled);

    boolean updateRoles(String name, Set<EndpointFamily> roles);
}
