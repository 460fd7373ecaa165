package io.visage.api.tenant;

import java.time.Instant;
import java.util.Set;

/**
 * An API user: the tenant that owns galleries, groups, transactions and images. Never carries its key.
 *
 * @param id      storage id; every tenant-owned row references it
 * @param name    the {@code api_user} value clients send
 * @param enabled disabled users are refused with "API user not allowed."
 * @param roles   the endpoint families it may call
 * @param created when an operator created it
 */
public record ApiUser(long id, String name, boolean enabled, Set<EndpointFamily> roles, Instant created) {
    public ApiUser {
        roles = Set.copyOf(roles);
    }

    public boolean mayCall(EndpointFamily family) {
        return roles.contains(family);
    }
}
