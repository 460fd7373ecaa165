package io.visage.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.storage.ChangeFeed;
import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.StoredFace;

/**
 * Keeps this node's index in step with what other nodes sharing the database commit: reads the database's
 * change feed every {@code pollMillis} and re-reads the current state of each changed subject (a user, a group,
 * a tenant), applying it to the index under the tenant's write lock, like a local write. Applying a state is
 * idempotent, so changes are also applied on the node that made them, and a change seen twice does no harm.
 *
 * <p>Sequence numbers are handed out when a row is inserted, but transactions commit in any order: a number
 * missing from the feed may still arrive. The follower remembers which numbers above its confirmed position it
 * has applied, and only moves past a hole once the change after it is {@code gapSeconds} old (a rolled-back
 * transaction leaves a hole for ever).
 */
@Component(service = ChangeFollower.class, immediate = true, configurationPid = ChangeFollower.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ChangeFollower.Config.class)
public final class ChangeFollower {
    static final String PID = "io.visage.core.cluster";
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFollower.class);
    private static final int BATCH = 1000;

    @ObjectClassDefinition(name = "Visage cluster", description = "How this node follows the gallery changes that "
            + "other nodes sharing its database make.")
    @interface Config {
        @AttributeDefinition(name = "Follow changes", description = "Apply other nodes' changes to this node's "
                + "index. Off only for a node that is alone on its database.")
        boolean followChanges() default true;

        @AttributeDefinition(name = "Poll interval (ms)", min = "20")
        long pollMillis() default 250;

        @AttributeDefinition(name = "Catch-up at start (s)", description = "Changes this recent are applied again "
                + "at start, covering those committed while the index was being built from storage.")
        long catchUpSeconds() default 120;

        @AttributeDefinition(name = "Hole timeout (s)", description = "How long a missing sequence number is waited "
                + "for before it is taken for a rolled-back transaction.")
        long gapSeconds() default 10;

        @AttributeDefinition(name = "Retention (hours)", description = "Changes older than this are deleted.")
        long retainHours() default 24;
    }

    private final ChangeFeed feed;
    private final GalleryStore gallery;
    private final GalleryIndex index;
    private final LongSupplier clock;
    private final long gapMillis;
    private final long retainMillis;
    private final ScheduledExecutorService worker;
    /** All changes up to here are applied (or known never to come). */
    private long confirmed;
    /** Applied changes above {@link #confirmed}, with when they were written. */
    private final TreeMap<Long, Long> appliedAbove = new TreeMap<>();
    private long catchUpFromMs;
    private long lastPruneMs;
    private volatile long applied;
    /** When the last poll that left no backlog ended; 0 before the first. */
    private volatile long caughtUpAtMs;
    private volatile boolean following = true;
    private final long pollMillis;

    @Activate
    public ChangeFollower(Config config, @Reference ChangeFeed feed, @Reference GalleryStore gallery,
            @Reference GalleryIndex index) {
        this(feed, gallery, index, System::currentTimeMillis, config.gapSeconds() * 1000, config.retainHours() * 3_600_000,
                config.pollMillis());
        if (!config.followChanges()) {
            following = false;
            worker.shutdown();
            LOG.info("Not following other nodes' gallery changes (io.visage.core.cluster followChanges=false)");
            return;
        }
        catchUpFrom(config.catchUpSeconds() * 1000);
        worker.scheduleWithFixedDelay(this::pollSafely, config.pollMillis(), config.pollMillis(), TimeUnit.MILLISECONDS);
    }

    /** For tests: polled by hand. */
    ChangeFollower(ChangeFeed feed, GalleryStore gallery, GalleryIndex index, LongSupplier clock, long gapMillis,
            long retainMillis) {
        this(feed, gallery, index, clock, gapMillis, retainMillis, 250);
    }

    private ChangeFollower(ChangeFeed feed, GalleryStore gallery, GalleryIndex index, LongSupplier clock,
            long gapMillis, long retainMillis, long pollMillis) {
        this.pollMillis = pollMillis;
        this.feed = feed;
        this.gallery = gallery;
        this.index = index;
        this.clock = clock;
        this.gapMillis = gapMillis;
        this.retainMillis = retainMillis;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "visage-change-follower");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts behind the newest change so that the ones from the last {@code windowMillis} are applied again. */
    synchronized void catchUpFrom(long windowMillis) {
        long latest = feed.latestSequence();
        confirmed = Math.max(0, latest - BATCH);
        catchUpFromMs = clock.getAsLong() - windowMillis;
    }

    @Deactivate
    void stop() {
        worker.shutdownNow();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // Storage away (restart, failover): try again at the next tick; the feed keeps what was missed.
            LOG.warn("Following gallery changes failed, retrying: {}", e.toString());
        }
    }

    /** Applies what is new in the feed; returns how many changes were applied. */
    synchronized int poll() {
        int count = 0;
        List<GalleryChange> changes = feed.changesAfter(confirmed, BATCH);
        for (GalleryChange change : changes) {
            if (appliedAbove.containsKey(change.sequence())) {
                continue;
            }
            if (change.createdMs() >= catchUpFromMs) {
                apply(change);
                count++;
            }
            appliedAbove.put(change.sequence(), change.createdMs());
        }
        long now = clock.getAsLong();
        while (!appliedAbove.isEmpty()) {
            Map.Entry<Long, Long> first = appliedAbove.firstEntry();
            boolean next = first.getKey() == confirmed + 1;
            boolean holeTimedOut = now - first.getValue() >= gapMillis;
            if (!next && !holeTimedOut) {
                break;
            }
            confirmed = first.getKey();
            appliedAbove.pollFirstEntry();
        }
        if (now - lastPruneMs > 3_600_000) {
            lastPruneMs = now;
            feed.prune(now - retainMillis);
        }
        applied += count;
        if (changes.size() < BATCH) {
            caughtUpAtMs = now;
        }
        return count;
    }

    private void apply(GalleryChange change) {
        long tenant = change.tenantId();
        switch (change.kind()) {
            case USER:
            case USER_DELETED: {
                String user = change.subject();
                boolean deleted = change.kind() == GalleryChange.Kind.USER_DELETED;
                index.write(tenant, () -> new UserState(feed.facesOf(tenant, user), feed.groupsOf(tenant, user)),
                        state -> target -> {
                            if (deleted || state.faces().isEmpty()) {
                                // Also drops templates of an earlier user of the same reference.
                                target.removeUser(tenant, user);
                            }
                            for (StoredFace face : state.faces()) {
                                target.add(face.indexEntry());
                            }
                            if (!state.faces().isEmpty()) {
                                target.setGroups(tenant, user, state.groups());
                            }
                        });
                break;
            }
            case GROUP:
                index.write(tenant, () -> change.subject(), group -> target -> target.removeGroup(tenant, group));
                break;
            case TENANT:
                // A new active model needs nothing here (requests read it); a deleted tenant has no users left.
                index.write(tenant, () -> !gallery.hasUsers(tenant),
                        gone -> target -> {
                            if (gone) {
                                target.clear(tenant);
                            }
                        });
                break;
            default:
                throw new IllegalStateException("unknown change " + change.kind());
        }
    }

    /**
     * Whether the index holds what the feed told until a moment ago: the last poll without backlog ended within
     * a few poll intervals (and at least two seconds). A node that does not follow is always caught up.
     */
    boolean caughtUp() {
        if (!following) {
            return true;
        }
        long last = caughtUpAtMs;
        return last != 0 && clock.getAsLong() - last <= Math.max(2_000, 8 * pollMillis);
    }

    /** Changes applied since start (operators: how busy following is). */
    long applied() {
        return applied;
    }

    synchronized long confirmed() {
        return confirmed;
    }

    private record UserState(List<StoredFace> faces, Set<String> groups) {
    }
}
