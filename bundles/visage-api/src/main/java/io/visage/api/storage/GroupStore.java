package io.visage.api.storage;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.index.GroupMembership;

/** Groups of gallery users, per tenant. */
@ProviderType
public interface GroupStore {

    /** @return false when the group exists already */
    boolean create(long tenantId, String groupName);

    boolean exists(long tenantId, String groupName);

    List<String> names(long tenantId);

    /** Deletes the group and its memberships. @return false when there was no such group */
    boolean delete(long tenantId, String groupName);

    /** @return false when the association existed already */
    boolean addMember(long tenantId, String groupName, String userReference);

    /** @return false when there was no such association */
    boolean removeMember(long tenantId, String groupName, String userReference);

    /** Group name to member references, both in name order; groups without members included. */
    Map<String, List<String>> members(long tenantId);

    /** Every membership of every tenant, for building an index. */
    List<GroupMembership> allMemberships();
}
