package io.visage.index.exact.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;

/**
 * Exact (exhaustive) in-memory search, the default {@link TemplateIndex}.
 *
 * <p>Searches never lock: they read the current tenant map and that tenant's published snapshots.
 * Writes to different tenants run in parallel; {@link #rebuild} and the clears hold out writes for their
 * duration (write side of {@code structureLock}) so that none lands in a tenant being replaced.
 */
@Component(service = TemplateIndex.class, property = "visage.index.backend=exact")
public final class ExactTemplateIndex implements TemplateIndex {

    private static final Logger LOG = LoggerFactory.getLogger(ExactTemplateIndex.class);

    private final ReentrantReadWriteLock structureLock = new ReentrantReadWriteLock();
    private volatile ConcurrentHashMap<Long, TenantIndex> tenants = new ConcurrentHashMap<>();

    @Activate
    public ExactTemplateIndex() {
        // No configuration: the index is rebuilt by its consumer whenever this service appears.
        if (Int8Sketch.ENABLED) {
            LOG.info("Exact index: int8 sketch on Vector API lanes skips rows that cannot enter a result");
        } else {
            LOG.info("Exact index: float scan only (int8 sketch off: visage.index.exact.int8=false, or the JVM lacks "
                    + "--add-modules jdk.incubator.vector, or the framework does not export it)");
        }
    }

    @Override
    public void add(IndexEntry entry) {
        Objects.requireNonNull(entry, "entry");
        update(() -> tenant(entry.tenantId()).add(entry));
    }

    @Override
    public boolean remove(long tenantId, long templateId) {
        return write(() -> {
            TenantIndex tenant = tenants.get(tenantId);
            return tenant != null && tenant.remove(templateId);
        });
    }

    @Override
    public int removeUser(long tenantId, String userReference) {
        Objects.requireNonNull(userReference, "userReference");
        return write(() -> {
            TenantIndex tenant = tenants.get(tenantId);
            return tenant == null ? 0 : tenant.removeUser(userReference);
        });
    }

    @Override
    public void setGroups(long tenantId, String userReference, Set<String> groupNames) {
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(groupNames, "groupNames");
        update(() -> tenant(tenantId).setGroups(userReference, groupNames));
    }

    @Override
    public boolean addToGroup(long tenantId, String userReference, String groupName) {
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(groupName, "groupName");
        return write(() -> tenant(tenantId).addToGroup(userReference, groupName));
    }

    @Override
    public boolean removeFromGroup(long tenantId, String userReference, String groupName) {
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(groupName, "groupName");
        return write(() -> {
            TenantIndex tenant = tenants.get(tenantId);
            return tenant != null && tenant.removeFromGroup(userReference, groupName);
        });
    }

    @Override
    public void removeGroup(long tenantId, String groupName) {
        Objects.requireNonNull(groupName, "groupName");
        update(() -> {
            TenantIndex tenant = tenants.get(tenantId);
            if (tenant != null) {
                tenant.removeGroup(groupName);
            }
        });
    }

    @Override
    public Set<String> groupsOf(long tenantId, String userReference) {
        TenantIndex tenant = tenants.get(tenantId);
        return tenant == null ? Set.of() : tenant.groupsOf(userReference);
    }

    @Override
    public List<UserMatch> search(long tenantId, String modelKey, float[] query, int topN, Set<String> groupNames) {
        Objects.requireNonNull(modelKey, "modelKey");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(groupNames, "groupNames");
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be at least 1: " + topN);
        }
        TenantIndex tenant = tenants.get(tenantId);
        return tenant == null ? List.of() : tenant.search(modelKey, query, topN, groupNames);
    }

    @Override
    public Optional<UserMatch> score(long tenantId, String modelKey, String userReference, float[] query) {
        Objects.requireNonNull(modelKey, "modelKey");
        Objects.requireNonNull(userReference, "userReference");
        Objects.requireNonNull(query, "query");
        TenantIndex tenant = tenants.get(tenantId);
        return tenant == null ? Optional.empty() : tenant.score(modelKey, userReference, query);
    }

    @Override
    public boolean hasTemplates(long tenantId, String modelKey) {
        TenantIndex tenant = tenants.get(tenantId);
        return tenant != null && tenant.hasTemplates(modelKey);
    }

    @Override
    public IndexStats stats() {
        int tenantCount = 0;
        long users = 0;
        long templates = 0;
        int segments = 0;
        long vectorBytes = 0;
        long allocated = 0;
        for (TenantIndex tenant : tenants.values()) {
            IndexStats s = tenant.stats();
            tenantCount++;
            users += s.users();
            templates += s.templates();
            segments += s.segments();
            vectorBytes += s.vectorBytes();
            allocated += s.allocatedBytes();
        }
        return new IndexStats(tenantCount, users, templates, segments, vectorBytes, allocated);
    }

    @Override
    public IndexStats stats(long tenantId) {
        TenantIndex tenant = tenants.get(tenantId);
        return tenant == null ? IndexStats.EMPTY : tenant.stats();
    }

    @Override
    public void clear(long tenantId) {
        exclusive(() -> tenants.remove(tenantId));
    }

    @Override
    public void clear() {
        exclusive(() -> tenants = new ConcurrentHashMap<>());
    }

    @Override
    public void rebuild(Stream<IndexEntry> templates, Stream<GroupMembership> memberships) {
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(memberships, "memberships");
        exclusive(() -> {
            ConcurrentHashMap<Long, TenantIndex> next = new ConcurrentHashMap<>();
            templates.forEach(e -> next.computeIfAbsent(e.tenantId(), id -> new TenantIndex()).add(e));
            memberships.forEach(m -> next.computeIfAbsent(m.tenantId(), id -> new TenantIndex())
                    .addToGroup(m.userReference(), m.groupName()));
            tenants = next;
        });
    }

    private TenantIndex tenant(long tenantId) {
        return tenants.computeIfAbsent(tenantId, id -> new TenantIndex());
    }

    private <T> T write(Supplier<T> action) {
        Lock lock = structureLock.readLock();
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void update(Runnable action) {
        write(() -> {
            action.run();
            return null;
        });
    }

    private void exclusive(Runnable action) {
        Lock lock = structureLock.writeLock();
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }
}
