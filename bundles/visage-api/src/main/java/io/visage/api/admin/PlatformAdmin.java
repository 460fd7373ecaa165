package io.visage.api.admin;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.index.IndexStats;

/** Operator functions behind the Karaf shell commands. */
@ProviderType
public interface PlatformAdmin {

    List<TenantGallery> galleries();

    List<Reembedding> reembedding();

    /** Deletes matching and liveness transactions (and their images) older than the cutoff. @return how many */
    int purgeTransactionsBefore(Instant cutoff);

    String indexBackend();

    IndexStats indexStats();

    /** @return the number of templates indexed */
    int rebuildIndex();

    /**
     * How the index came up, with its progress while that goes on: for example {@code filled from storage
     * (12 templates in 40 ms)}, {@code current (re-opened from disk, storage not read)}, {@code checking against
     * storage: 300,000 / 1,000,000 templates (30 %)}. Empty when unknown.
     */
    default String indexStartup() {
        return "";
    }

    /** Replaces the tenant's template secret. @throws IllegalArgumentException for an unknown API user */
    void rotateTemplateSecret(String apiUser);

    /**
     * Whether this node has applied what other nodes sharing its database committed: its last look at the
     * change feed is recent and left nothing behind. True for a node that does not follow changes.
     */
    default boolean changesCaughtUp() {
        return true;
    }
}
