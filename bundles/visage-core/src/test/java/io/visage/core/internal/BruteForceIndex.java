package io.visage.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexChecksum;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;

/** The index API at its simplest, for use-case tests: a list scanned on every search, one lock. */
final class BruteForceIndex implements TemplateIndex {
    private final List<IndexEntry> entries = new ArrayList<>();
    private final Map<Long, Map<String, Set<String>>> groups = new HashMap<>();
    /** Runs inside {@link #rebuild} before the content is replaced: a test holds a rebuild open with it. */
    volatile Runnable duringRebuild = () -> {
    };
    int rebuilds;
    /** Behaves as a persistent index: keeps a checksum and resumes its content (as if re-opened from disk). */
    volatile boolean persistent;

    private Map<String, Set<String>> groups(long tenant) {
        return groups.computeIfAbsent(tenant, t -> new HashMap<>());
    }

    @Override
    public synchronized void add(IndexEntry entry) {
        remove(entry.tenantId(), entry.templateId());
        entries.add(entry);
    }

    @Override
    public synchronized boolean remove(long tenantId, long templateId) {
        return entries.removeIf(e -> e.tenantId() == tenantId && e.templateId() == templateId);
    }

    @Override
    public synchronized int removeUser(long tenantId, String userReference) {
        groups(tenantId).remove(userReference);
        int before = entries.size();
        entries.removeIf(e -> e.tenantId() == tenantId && e.userReference().equals(userReference));
        return before - entries.size();
    }

    @Override
    public synchronized void setGroups(long tenantId, String userReference, Set<String> groupNames) {
        groups(tenantId).put(userReference, new HashSet<>(groupNames));
    }

    @Override
    public synchronized boolean addToGroup(long tenantId, String userReference, String groupName) {
        return groups(tenantId).computeIfAbsent(userReference, u -> new HashSet<>()).add(groupName);
    }

    @Override
    public synchronized boolean removeFromGroup(long tenantId, String userReference, String groupName) {
        return groups(tenantId).getOrDefault(userReference, new HashSet<>()).remove(groupName);
    }

    @Override
    public synchronized void removeGroup(long tenantId, String groupName) {
        groups(tenantId).values().forEach(g -> g.remove(groupName));
    }

    @Override
    public synchronized Set<String> groupsOf(long tenantId, String userReference) {
        return Set.copyOf(groups(tenantId).getOrDefault(userReference, Set.of()));
    }

    @Override
    public synchronized List<UserMatch> search(long tenantId, String modelKey, float[] query, int topN,
            Set<String> groupNames) {
        Map<String, UserMatch> best = new HashMap<>();
        for (IndexEntry e : entries) {
            if (e.tenantId() != tenantId || !e.modelKey().equals(modelKey)) {
                continue;
            }
            if (!groupNames.isEmpty() && groups(tenantId).getOrDefault(e.userReference(), Set.of()).stream()
                    .noneMatch(groupNames::contains)) {
                continue;
            }
            UserMatch m = new UserMatch(e.userReference(), dot(e.vector(), query), e.templateId());
            best.merge(e.userReference(), m, (a, b) -> a.score() >= b.score() ? a : b);
        }
        return best.values().stream().sorted(Comparator.comparing(UserMatch::score).reversed()
                .thenComparing(UserMatch::userReference)).limit(topN).toList();
    }

    @Override
    public synchronized Optional<UserMatch> score(long tenantId, String modelKey, String userReference, float[] query) {
        return entries.stream().filter(e -> e.tenantId() == tenantId && e.modelKey().equals(modelKey)
                && e.userReference().equals(userReference))
                .map(e -> new UserMatch(userReference, dot(e.vector(), query), e.templateId()))
                .max(Comparator.comparing(UserMatch::score));
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public synchronized boolean hasTemplates(long tenantId, String modelKey) {
        return entries.stream().anyMatch(e -> e.tenantId() == tenantId && e.modelKey().equals(modelKey));
    }

    @Override
    public synchronized IndexStats stats() {
        return new IndexStats(groups.size(), entries.stream().map(IndexEntry::userReference).distinct().count(),
                entries.size(), 1, 0, 0);
    }

    @Override
    public IndexStats stats(long tenantId) {
        return stats();
    }

    @Override
    public synchronized void clear(long tenantId) {
        entries.removeIf(e -> e.tenantId() == tenantId);
        groups.remove(tenantId);
    }

    @Override
    public synchronized void clear() {
        entries.clear();
        groups.clear();
    }

    /** Holds the new content aside while {@link #duringRebuild} runs, as a real index keeps serving. */
    @Override
    public void rebuild(Stream<IndexEntry> templates, Stream<GroupMembership> memberships) {
        List<IndexEntry> fresh = templates.toList();
        List<GroupMembership> members = memberships.toList();
        duringRebuild.run();
        synchronized (this) {
            rebuilds++;
            clear();
            entries.addAll(fresh);
            members.forEach(m -> addToGroup(m.tenantId(), m.userReference(), m.groupName()));
        }
    }

    @Override
    public synchronized OptionalLong checksum() {
        if (!persistent) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (IndexEntry e : entries) {
            sum += IndexChecksum.of(e);
        }
        for (var tenant : groups.entrySet()) {
            for (var user : tenant.getValue().entrySet()) {
                for (String group : user.getValue()) {
                    sum += IndexChecksum.of(tenant.getKey(), user.getKey(), group);
                }
            }
        }
        return OptionalLong.of(sum);
    }

    @Override
    public synchronized OptionalLong resume() {
        return persistent && !entries.isEmpty() ? checksum() : OptionalLong.empty();
    }

    synchronized List<String> users(long tenantId) {
        return entries.stream().filter(e -> e.tenantId() == tenantId).map(IndexEntry::userReference).distinct()
                .sorted().toList();
    }
}
