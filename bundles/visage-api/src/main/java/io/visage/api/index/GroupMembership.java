package io.visage.api.index;

import java.util.Objects;

/**
 * A user's membership of a named group within a tenant; used when rebuilding an index.
 *
 * @param tenantId      the API user owning the group
 * @param userReference the gallery user
 * @param groupName     the group
 */
public record GroupMembership(long tenantId, String userReference, String groupName) {

    public GroupMembership {
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(groupName, "groupName");
    }
}
