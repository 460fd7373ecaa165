package io.visage.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.TemplateIndex;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.GroupStore;
import io.visage.api.storage.StoredFace;

/**
 * The template index's life cycle: storage is the source of truth, and the index is rebuilt from it whenever
 * an index service is bound (at start, or when another backend replaces it) or an operator asks, and kept in
 * step after every committed change.
 *
 * <p>A gallery write runs its database change and then its index update under its tenant's write lock
 * ({@link TenantLocks}), so the index sees each tenant's changes in the order the database committed them.
 * A rebuild takes no lock while it reads storage: index updates made meanwhile are applied as usual and also
 * remembered, and once the new content is built they are applied to it again (each is idempotent: add or
 * replace a template, remove a user, add or remove a membership, remove a group) just before it is swapped
 * in. The only global lock is held for that replay and swap, in memory, never for a database round trip.
 */
@Component(service = {GalleryIndex.class, IndexedTemplates.class})
public final class GalleryIndex implements IndexedTemplates {
    private static final Logger LOG = LoggerFactory.getLogger(GalleryIndex.class);

    private final GalleryStore gallery;
    private final GroupStore groups;
    private final TenantLocks tenants = new TenantLocks();
    /** Index updates hold it shared; the swap of a rebuilt index holds it alone. */
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
    /** One rebuild at a time (a backend bound while an operator's rebuild runs waits for it). */
    private final Object rebuilding = new Object();
    private volatile TemplateIndex index;
    /** Index updates made while a rebuild reads storage; null when none runs. Guarded by {@link #swap}. */
    private Queue<Consumer<TemplateIndex>> duringRebuild;

    @Activate
    public GalleryIndex(@Reference GalleryStore gallery, @Reference GroupStore groups) {
        this.gallery = gallery;
        this.groups = groups;
    }

    /** A newly bound index (the first, or a better-ranked backend) is filled from storage before it is used. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindIndex(TemplateIndex candidate) {
        fill(candidate);
    }

    void unbindIndex(TemplateIndex gone) {
        // With a mandatory greedy reference the replacement is bound before the old one is unbound.
    }

    /** The index searches use now. */
    TemplateIndex current() {
        return index;
    }

    /**
     * A change of the tenant's gallery: the database change, then (when it succeeds) the index update it
     * implies, together under the tenant's write lock.
     */
    <T> T write(long tenantId, Supplier<T> change, Function<T, Consumer<TemplateIndex>> update) {
        return tenants.write(tenantId, () -> {
            T result = change.get();
            apply(update.apply(result));
            return result;
        });
    }

    /** A read of the tenant's gallery, beside its other reads, never beside one of its writes. */
    <T> T read(long tenantId, Supplier<T> read) {
        return tenants.read(tenantId, read);
    }

    private void apply(Consumer<TemplateIndex> update) {
        swap.readLock().lock();
        try {
            TemplateIndex target = index;
            if (target != null) {
                update.accept(target);
            }
            if (duringRebuild != null) {
                duringRebuild.add(update);
            }
        } finally {
            swap.readLock().unlock();
        }
    }

    private int fill(TemplateIndex target) {
        synchronized (rebuilding) {
            long start = System.nanoTime();
            swap.writeLock().lock();
            try {
                duringRebuild = new ConcurrentLinkedQueue<>();
            } finally {
                swap.writeLock().unlock();
            }
            Queue<Consumer<TemplateIndex>> replay = duringRebuild;
            boolean swapped = false;
            try {
                List<IndexEntry> entries = new ArrayList<>();
                gallery.forEachFace(face -> entries.add(entry(face)));
                target.rebuild(entries.stream(), groups.allMemberships().stream());
                int replayed;
                swap.writeLock().lock();
                try {
                    replayed = replay.size();
                    replay.forEach(update -> update.accept(target));
                    index = target;
                    swapped = true;
                } finally {
                    duringRebuild = null;
                    swap.writeLock().unlock();
                }
                LOG.info("Template index {} built from storage: {} templates in {} ms ({} changes meanwhile)",
                        target.getClass().getName(), entries.size(), (System.nanoTime() - start) / 1_000_000,
                        replayed);
                return entries.size();
            } finally {
                if (!swapped) {
                    swap.writeLock().lock();
                    duringRebuild = null;
                    swap.writeLock().unlock();
                }
            }
        }
    }

    static IndexEntry entry(StoredFace face) {
        return new IndexEntry(face.tenantId(), face.userReference(), face.faceId(),
                IndexEntry.modelKey(face.modelName(), face.modelVersion()), face.vector());
    }

    @Override
    public StoredFace indexed(long tenantId, Supplier<StoredFace> store) {
        return write(tenantId, store, stored -> target -> target.add(entry(stored)));
    }

    @Override
    public IndexStats indexStats() {
        return index.stats();
    }

    @Override
    public String indexBackend() {
        return index.getClass().getName();
    }

    @Override
    public int rebuildIndex() {
        return fill(index);
    }
}
