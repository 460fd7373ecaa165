package io.visage.index.exact.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.UserMatch;

/**
 * One tenant's templates and groups.
 *
 * <p>Readers go through the concurrent maps only and never lock: {@code segments} holds immutable
 * {@link Segment} snapshots, {@code groupMembers} immutable bit sets over user ordinals. Writers
 * serialise on this object and publish new snapshots. A user keeps its ordinal until it is removed;
 * ordinals are not reused within a tenant, so a snapshot never attributes a row to the wrong user.
 */
final class TenantIndex {

    private final ConcurrentHashMap<String, Segment> segments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> userOrdinals = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, long[]> groupMembers = new ConcurrentHashMap<>();

    // Writer state, guarded by this.
    private final Map<String, Set<String>> userGroups = new HashMap<>();
    private final List<String> segmentKeys = new ArrayList<>();
    private final LongLongMap templateRows = new LongLongMap();
    private int nextOrdinal;

    // ---- reads

    List<UserMatch> search(String modelKey, float[] query, int topN, Set<String> groupNames) {
        Segment segment = segments.get(modelKey);
        if (segment == null || segment.size == 0) {
            return List.of();
        }
        checkQuery(segment, query);
        long[] allowed = null;
        if (!groupNames.isEmpty()) {
            allowed = allowedUsers(groupNames);
            if (allowed == null) {
                return List.of();
            }
        }
        TopUsers top = new TopUsers(Math.min(topN, segment.size));
        segment.search(query, allowed, top);
        return top.ranked();
    }

    Optional<UserMatch> score(String modelKey, String userReference, float[] query) {
        Segment segment = segments.get(modelKey);
        Integer user = userOrdinals.get(userReference);
        if (segment == null || user == null) {
            return Optional.empty();
        }
        checkQuery(segment, query);
        return Optional.ofNullable(segment.best(user, query));
    }

    boolean hasTemplates(String modelKey) {
        Segment segment = segments.get(modelKey);
        return segment != null && segment.size > 0;
    }

    IndexStats stats() {
        long templates = 0;
        long vectorBytes = 0;
        long allocated = 0;
        int segmentCount = 0;
        for (Segment segment : segments.values()) {
            segmentCount++;
            templates += segment.size;
            vectorBytes += 4L * segment.dimension * segment.size;
            allocated += segment.allocatedBytes();
        }
        synchronized (this) {
            allocated += templateRows.allocatedBytes();
        }
        return new IndexStats(1, userOrdinals.size(), templates, segmentCount, vectorBytes, allocated);
    }

    synchronized Set<String> groupsOf(String userReference) {
        return Set.copyOf(userGroups.getOrDefault(userReference, Set.of()));
    }

    synchronized boolean isEmpty() {
        return userOrdinals.isEmpty() && templateRows.size() == 0;
    }

    // ---- writes

    synchronized void add(IndexEntry entry) {
        float[] vector = entry.vector();
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("non-finite value in template " + entry.templateId());
            }
        }
        String modelKey = entry.modelKey();
        Segment segment = segments.get(modelKey);
        if (segment != null && segment.dimension != vector.length) {
            throw new IllegalArgumentException("template " + entry.templateId() + " has dimension " + vector.length
                    + "; model " + modelKey + " has " + segment.dimension);
        }
        if (segment == null) {
            segment = Segment.empty(modelKey, vector.length);
            segmentKeys.add(modelKey);
        }
        int segmentIndex = segmentKeys.indexOf(modelKey);
        Segment.Editor editor = segment.edit();
        long previous = templateRows.get(entry.templateId());
        if (previous != LongLongMap.ABSENT) {
            templateRows.remove(entry.templateId());
            int previousSegment = (int) (previous >>> 32);
            if (previousSegment == segmentIndex) {
                removeRow(editor, segmentIndex, (int) previous);
            } else {
                String previousKey = segmentKeys.get(previousSegment);
                Segment.Editor other = segments.get(previousKey).edit();
                removeRow(other, previousSegment, (int) previous);
                segments.put(previousKey, other.publish());
            }
        }
        int row = editor.append(ordinal(entry.userReference()), entry.userReference(), entry.templateId(), vector);
        templateRows.put(entry.templateId(), pack(segmentIndex, row));
        segments.put(modelKey, editor.publish());
    }

    synchronized boolean remove(long templateId) {
        long location = templateRows.remove(templateId);
        if (location == LongLongMap.ABSENT) {
            return false;
        }
        int segmentIndex = (int) (location >>> 32);
        String modelKey = segmentKeys.get(segmentIndex);
        Segment.Editor editor = segments.get(modelKey).edit();
        removeRow(editor, segmentIndex, (int) location);
        segments.put(modelKey, editor.publish());
        return true;
    }

    synchronized int removeUser(String userReference) {
        Integer user = userOrdinals.get(userReference);
        if (user == null) {
            return 0;
        }
        int removed = 0;
        for (int segmentIndex = 0; segmentIndex < segmentKeys.size(); segmentIndex++) {
            String modelKey = segmentKeys.get(segmentIndex);
            Segment segment = segments.get(modelKey);
            int[] rows = segment.rowsOf(user);
            if (rows.length == 0) {
                continue;
            }
            Segment.Editor editor = segment.edit();
            // Descending: a removal only moves the last row, which is above every row still to remove.
            for (int i = rows.length - 1; i >= 0; i--) {
                templateRows.remove(editor.templateIdAt(rows[i]));
                removeRow(editor, segmentIndex, rows[i]);
            }
            segments.put(modelKey, editor.publish());
            removed += rows.length;
        }
        Set<String> groups = userGroups.remove(userReference);
        if (groups != null) {
            for (String group : groups) {
                updateMembers(group, user, false);
            }
        }
        userOrdinals.remove(userReference);
        return removed;
    }

    synchronized void setGroups(String userReference, Set<String> groupNames) {
        Set<String> wanted = Set.copyOf(groupNames);
        Set<String> current = userGroups.getOrDefault(userReference, Set.of());
        for (String group : current) {
            if (!wanted.contains(group)) {
                removeFromGroup(userReference, group);
            }
        }
        for (String group : wanted) {
            addToGroup(userReference, group);
        }
    }

    synchronized boolean addToGroup(String userReference, String groupName) {
        int user = ordinal(userReference);
        if (!userGroups.computeIfAbsent(userReference, r -> new HashSet<>()).add(groupName)) {
            return false;
        }
        updateMembers(groupName, user, true);
        return true;
    }

    synchronized boolean removeFromGroup(String userReference, String groupName) {
        Set<String> groups = userGroups.get(userReference);
        if (groups == null || !groups.remove(groupName)) {
            return false;
        }
        if (groups.isEmpty()) {
            userGroups.remove(userReference);
        }
        updateMembers(groupName, userOrdinals.get(userReference), false);
        return true;
    }

    synchronized void removeGroup(String groupName) {
        groupMembers.remove(groupName);
        userGroups.values().removeIf(groups -> groups.remove(groupName) && groups.isEmpty());
    }

    // ---- helpers

    private long[] allowedUsers(Set<String> groupNames) {
        long[] union = null;
        boolean shared = false;
        for (String group : groupNames) {
            long[] members = groupMembers.get(group);
            if (members == null) {
                continue;
            }
            if (union == null) {
                union = members;
                shared = true;
            } else {
                if (shared) {
                    union = Arrays.copyOf(union, Math.max(union.length, members.length));
                    shared = false;
                } else if (union.length < members.length) {
                    union = Arrays.copyOf(union, members.length);
                }
                for (int i = 0; i < members.length; i++) {
                    union[i] |= members[i];
                }
            }
        }
        return union;
    }

    private void updateMembers(String groupName, int user, boolean member) {
        long[] current = groupMembers.getOrDefault(groupName, new long[0]);
        int word = user >>> 6;
        long[] next = Arrays.copyOf(current, Math.max(current.length, member ? word + 1 : 0));
        if (word < next.length) {
            if (member) {
                next[word] |= 1L << user;
            } else {
                next[word] &= ~(1L << user);
            }
        }
        groupMembers.put(groupName, next);
    }

    private void removeRow(Segment.Editor editor, int segmentIndex, int row) {
        int last = editor.size() - 1;
        long movedTemplate = editor.templateIdAt(last);
        if (editor.remove(row)) {
            templateRows.put(movedTemplate, pack(segmentIndex, row));
        }
    }

    private int ordinal(String userReference) {
        Integer existing = userOrdinals.get(userReference);
        if (existing != null) {
            return existing;
        }
        if (nextOrdinal == Integer.MAX_VALUE) {
            throw new IllegalStateException("user ordinals exhausted in tenant; rebuild the index");
        }
        int user = nextOrdinal++;
        userOrdinals.put(userReference, user);
        return user;
    }

    private static void checkQuery(Segment segment, float[] query) {
        if (query.length != segment.dimension) {
            throw new IllegalArgumentException("query has dimension " + query.length + "; model "
                    + segment.modelKey + " has " + segment.dimension);
        }
    }

    private static long pack(int segmentIndex, int row) {
        return ((long) segmentIndex << 32) | row;
    }
}
