package io.visage.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceTemplate;
import io.visage.api.storage.ClusterLock;
import io.visage.api.storage.EmbeddingStore;
import io.visage.api.storage.FaceToEmbed;

/**
 * Rolls a new embedding model out without a restart. When the embedder's preferred model differs from a
 * tenant's active model, this re-embeds the tenant's saved images in the background (a small batch at a
 * time), and once every saved image has a template of the new model, switches the tenant atomically (one
 * row). Until then the tenant keeps being matched with its old model. Progress lives in the database, so a
 * restart resumes where it stopped. Old templates stay: removing the new model falls back at once.
 */
@Component(service = EmbeddingMigration.class, immediate = true, configurationPid = EmbeddingMigration.PID)
@Designate(ocd = EmbeddingMigration.Config.class)
public final class EmbeddingMigration {
    static final String PID = "io.visage.core.reembedding";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingMigration.class);

    @ObjectClassDefinition(name = "Visage re-embedding", description = "Background re-embedding of saved images "
            + "when a new embedding model is deployed.")
    @interface Config {
        @AttributeDefinition(name = "Check interval (ms)", description = "How often to look for work.")
        long intervalMillis() default 2000;

        @AttributeDefinition(name = "Batch size", description = "Images re-embedded per step and tenant.")
        int batchSize() default 16;
    }

    private final FacePipeline pipeline;
    /** Nodes sharing a database re-embed one at a time: the holder of this lock for a round does it. */
    private final ClusterLock cluster;
    private final EmbeddingStore store;
    private final IndexedTemplates index;
    private final int batchSize;
    private final ScheduledExecutorService worker;
    /** Images in which the pipeline found no face, per tenant and target model: skipped, not retried forever. */
    private final Map<String, Set<Long>> failed = new ConcurrentHashMap<>();

    @Activate
    public EmbeddingMigration(Config config, @Reference FacePipeline pipeline, @Reference EmbeddingStore store,
            @Reference IndexedTemplates index, @Reference ClusterLock cluster) {
        this.cluster = cluster;
        this.pipeline = pipeline;
        this.store = store;
        this.index = index;
        this.batchSize = config.batchSize();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "visage-reembedding");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::step, config.intervalMillis(), config.intervalMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        worker.shutdownNow();
    }

    /** The model tenants are being moved to: the embedder's preferred one. */
    Optional<String> target() {
        List<String> models = pipeline.embeddingModels();
        return models.isEmpty() ? Optional.empty() : Optional.of(models.get(0));
    }

    int failedCount(long tenant, String target) {
        return failed.getOrDefault(tenant + "|" + target, Set.of()).size();
    }

    /** One round over the tenants; never throws (a scheduled task that throws stops being scheduled). */
    void step() {
        try {
            Optional<String> target = target();
            if (target.isEmpty()) {
                return;
            }
            Optional<ClusterLock.Lease> lease = cluster.tryAcquire("reembedding");
            if (lease.isEmpty()) {
                return;   // another node runs this round
            }
            try (ClusterLock.Lease held = lease.get()) {
                for (long tenant : store.tenantsWithUsers()) {
                    migrate(tenant, target.get());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Re-embedding step failed; retrying on the next round", e);
        }
    }

    private void migrate(long tenant, String target) {
        String[] model = target.split(":", 2);
        Optional<String> active = store.activeModel(tenant);
        if (active.isPresent() && active.get().equals(target)) {
            return;
        }
        Set<Long> skipped = failed.computeIfAbsent(tenant + "|" + target, k -> ConcurrentHashMap.newKeySet());
        List<FaceToEmbed> batch = new ArrayList<>(store.missing(tenant, model[0], model[1], batchSize + skipped.size()));
        batch.removeIf(face -> skipped.contains(face.imageId()));
        for (FaceToEmbed face : batch.subList(0, Math.min(batchSize, batch.size()))) {
            reembed(tenant, face, target, model, skipped);
        }
        int remaining = store.countMissing(tenant, model[0], model[1]) - skipped.size();
        if (remaining <= 0) {
            store.setActiveModel(tenant, model[0], model[1]);
            List<String> reenrol = store.usersWithoutTemplate(tenant, model[0], model[1]);
            LOG.info("Tenant {} now matches with embedding model {} (was {}); {} users without a saved image need "
                    + "re-enrolment: {}", tenant, target, active.orElse("none"), reenrol.size(), reenrol);
        } else {
            LOG.info("Re-embedding tenant {} with {}: {} saved images to go", tenant, target, remaining);
        }
    }

    private void reembed(long tenant, FaceToEmbed face, String target, String[] model, Set<Long> skipped) {
        try (FaceImage image = pipeline.decode(face.image())) {
            FaceTemplate template = pipeline.template(image, pipeline.requireFace(image), target);
            index.indexed(tenant, () -> store.addTemplate(tenant, face, model[0], model[1], template.vector()));
        } catch (FaceException e) {
            skipped.add(face.imageId());
            LOG.warn("Saved image {} of user {} cannot be re-embedded ({}); skipped", face.imageId(),
                    face.userReference(), e.getMessage());
        }
    }
}
