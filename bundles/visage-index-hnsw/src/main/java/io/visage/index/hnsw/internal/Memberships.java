package io.visage.index.hnsw.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tenant's group memberships, in memory (they are persisted as membership documents beside the
 * templates). Writers are serialised by the owning {@link TenantShard}; readers use the concurrent sets
 * without locking and see each single change either before or after it.
 */
final class Memberships {

    private final ConcurrentHashMap<String, Set<String>> groupsByUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> usersByGroup = new ConcurrentHashMap<>();

    boolean add(String user, String group) {
        if (!groupsByUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(group)) {
            return false;
        }
        usersByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(user);
        return true;
    }

    boolean remove(String user, String group) {
        Set<String> groups = groupsByUser.get(user);
        if (groups == null || !groups.remove(group)) {
            return false;
        }
        if (groups.isEmpty()) {
            groupsByUser.remove(user);
        }
        Set<String> users = usersByGroup.get(group);
        if (users != null) {
            users.remove(user);
            if (users.isEmpty()) {
                usersByGroup.remove(group);
            }
        }
        return true;
    }

    /** Drops all of the user's memberships; returns the groups it was in. */
    Set<String> removeUser(String user) {
        Set<String> groups = groupsByUser.remove(user);
        if (groups == null) {
            return Set.of();
        }
        for (String group : groups) {
            Set<String> users = usersByGroup.get(group);
            if (users != null) {
                users.remove(user);
                if (users.isEmpty()) {
                    usersByGroup.remove(group);
                }
            }
        }
        return Set.copyOf(groups);
    }

    /** Drops a group; returns its former members. */
    Set<String> removeGroup(String group) {
        Set<String> users = usersByGroup.remove(group);
        if (users == null) {
            return Set.of();
        }
        for (String user : users) {
            Set<String> groups = groupsByUser.get(user);
            if (groups != null) {
                groups.remove(group);
                if (groups.isEmpty()) {
                    groupsByUser.remove(user);
                }
            }
        }
        return Set.copyOf(users);
    }

    Set<String> groupsOf(String user) {
        Set<String> groups = groupsByUser.get(user);
        return groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** The users in at least one of the groups; the group's own set when only one is asked (not a copy). */
    Set<String> membersOfAny(Set<String> groups) {
        if (groups.size() == 1) {
            Set<String> users = usersByGroup.get(groups.iterator().next());
            return users == null ? Set.of() : users;
        }
        Set<String> union = new HashSet<>();
        for (String group : groups) {
            Set<String> users = usersByGroup.get(group);
            if (users != null) {
                union.addAll(users);
            }
        }
        return union;
    }

    Set<String> users() {
        return groupsByUser.keySet();
    }

    boolean isEmpty() {
        return groupsByUser.isEmpty();
    }

    /** The sum of the memberships' {@link io.visage.api.index.IndexChecksum} hashes. */
    long checksum(long tenantId) {
        long sum = 0;
        for (var e : groupsByUser.entrySet()) {
            for (String group : e.getValue()) {
                sum += io.visage.api.index.IndexChecksum.of(tenantId, e.getKey(), group);
            }
        }
        return sum;
    }

    /** The count of memberships. */
    int size() {
        int n = 0;
        for (Set<String> groups : groupsByUser.values()) {
            n += groups.size();
        }
        return n;
    }
}
