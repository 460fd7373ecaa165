package io.visage.core.internal;

import java.util.List;
import java.util.Map;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.GroupStore;
import io.visage.api.tenant.ApiUser;

/**
 * Groups of gallery users and their memberships. Every change runs under the tenant's write lock with the
 * checks that a concurrent request could make stale (a user deleted, a group removed) inside it, so a
 * refused change is refused with the reason and never half done.
 */
final class Groups {
    private final GroupStore groups;
    private final GalleryStore gallery;
    private final GalleryIndex index;

    Groups(GroupStore groups, GalleryStore gallery, GalleryIndex index) {
        this.groups = groups;
        this.gallery = gallery;
        this.index = index;
    }

    void create(ApiUser tenant, String groupName) {
        String group = GalleryNames.groupName(groupName);
        index.write(tenant.id(), () -> {
            if (!groups.create(tenant.id(), group)) {
                throw new RequestRefusedException(Refusal.GROUP_EXISTS, group);
            }
            return group;
        }, created -> target -> {
        });
    }

    List<String> names(ApiUser tenant) {
        return index.read(tenant.id(), () -> groups.names(tenant.id()));
    }

    void delete(ApiUser tenant, String groupName) {
        String group = GalleryNames.groupName(groupName);
        index.write(tenant.id(), () -> {
            if (!groups.delete(tenant.id(), group)) {
                throw unknown(group);
            }
            return group;
        }, deleted -> target -> target.removeGroup(tenant.id(), deleted));
    }

    void add(ApiUser tenant, String groupName, String userReference) {
        String group = GalleryNames.groupName(groupName);
        String reference = GalleryNames.userReference(userReference);
        index.write(tenant.id(), () -> {
            if (!groups.exists(tenant.id(), group)) {
                throw unknown(group);
            }
            if (!gallery.userExists(tenant.id(), reference)) {
                throw new RequestRefusedException(Refusal.USER_UNKNOWN, reference);
            }
            groups.addMember(tenant.id(), group, reference);
            return reference;
        }, added -> target -> target.addToGroup(tenant.id(), added, group));
    }

    void remove(ApiUser tenant, String groupName, String userReference) {
        String group = GalleryNames.groupName(groupName);
        String reference = GalleryNames.userReference(userReference);
        index.write(tenant.id(), () -> {
            if (!groups.exists(tenant.id(), group)) {
                throw unknown(group);
            }
            if (!groups.removeMember(tenant.id(), group, reference)) {
                throw new RequestRefusedException(Refusal.MEMBERSHIP_UNKNOWN);
            }
            return reference;
        }, removed -> target -> target.removeFromGroup(tenant.id(), removed, group));
    }

    /** Group name to member references, groups in name order. */
    Map<String, List<String>> memberships(ApiUser tenant) {
        return index.read(tenant.id(), () -> groups.members(tenant.id()));
    }

    /** The names must already be canonical. @throws RequestRefusedException GROUP_UNKNOWN for the first missing */
    void requireExisting(ApiUser tenant, List<String> names) {
        index.read(tenant.id(), () -> {
            for (String group : names) {
                if (!groups.exists(tenant.id(), group)) {
                    throw unknown(group);
                }
            }
            return null;
        });
    }

    private static RequestRefusedException unknown(String groupName) {
        return new RequestRefusedException(Refusal.GROUP_UNKNOWN, groupName);
    }
}
