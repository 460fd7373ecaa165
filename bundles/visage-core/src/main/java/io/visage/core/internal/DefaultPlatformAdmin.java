package io.visage.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.visage.api.admin.PlatformAdmin;
import io.visage.api.admin.Reembedding;
import io.visage.api.admin.TenantGallery;
import io.visage.api.index.IndexStats;
import io.visage.api.storage.EmbeddingStore;
import io.visage.api.storage.GalleryStats;
import io.visage.api.storage.RetentionStore;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.ApiUserService;

/** The operator functions, over the same stores and index the API uses. */
@Component
public final class DefaultPlatformAdmin implements PlatformAdmin {
    private final ApiUserService apiUsers;
    private final EmbeddingStore embedding;
    private final RetentionStore retention;
    private final IndexedTemplates index;
    private final EmbeddingMigration migration;
    private final TemplateProtection protection;
    /** Absent while storage (its change feed) is away: then this node cannot know what others changed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ChangeFollower follower;

    @Activate
    public DefaultPlatformAdmin(@Reference ApiUserService apiUsers, @Reference EmbeddingStore embedding,
            @Reference RetentionStore retention, @Reference IndexedTemplates index,
            @Reference EmbeddingMigration migration, @Reference TemplateProtection protection) {
        this.apiUsers = apiUsers;
        this.embedding = embedding;
        this.retention = retention;
        this.index = index;
        this.migration = migration;
        this.protection = protection;
    }

    @Override
    public boolean changesCaughtUp() {
        ChangeFollower current = follower;
        return current != null && current.caughtUp();
    }

    @Override
    public List<TenantGallery> galleries() {
        List<TenantGallery> galleries = new ArrayList<>();
        for (ApiUser user : apiUsers.list()) {
            GalleryStats stats = embedding.stats(user.id());
            galleries.add(new TenantGallery(user.name(), stats.users(), stats.images(), stats.templatesPerModel(),
                    embedding.activeModel(user.id())));
        }
        return galleries;
    }

    @Override
    public List<Reembedding> reembedding() {
        List<Reembedding> progress = new ArrayList<>();
        String target = migration.target().orElse("none");
        String[] model = target.split(":", 2);
        for (ApiUser user : apiUsers.list()) {
            if (embedding.stats(user.id()).users() == 0 || model.length < 2) {
                continue;
            }
            String active = embedding.activeModel(user.id()).orElse("none");
            boolean done = active.equals(target);
            progress.add(new Reembedding(user.name(), active, target,
                    done ? 0 : embedding.countMissing(user.id(), model[0], model[1]), migration.failedCount(user.id(), target),
                    embedding.usersWithoutTemplate(user.id(), model[0], model[1])));
        }
        return progress;
    }

    @Override
    public int purgeTransactionsBefore(Instant cutoff) {
        return retention.purgeTransactionsBefore(cutoff);
    }

    @Override
    public String indexBackend() {
        return index.indexBackend();
    }

    @Override
    public String indexStartup() {
        return index.startupDescription();
    }

    @Override
    public IndexStats indexStats() {
        return index.indexStats();
    }

    @Override
    public int rebuildIndex() {
        return index.rebuildIndex();
    }

    @Override
    public void rotateTemplateSecret(String apiUser) {
        ApiUser user = apiUsers.list().stream().filter(u -> u.name().equals(apiUser)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No API user named " + apiUser));
        protection.rotate(user.id());
    }
}
