package io.visage.core.internal;

import java.util.function.Supplier;

import io.visage.api.index.IndexStats;
import io.visage.api.storage.StoredFace;

/** The gallery's template index as other components of this bundle update and inspect it. */
interface IndexedTemplates {

    /**
     * Stores a template and makes it searchable, the two together under the tenant's write lock.
     *
     * @param store the storage write; it returns the stored face
     */
    StoredFace indexed(long tenantId, Supplier<StoredFace> store);

    IndexStats indexStats();

    /** Which index implementation is in use. */
    String indexBackend();

    /** How the index came up, with progress while it does (visage:index-info); empty when unknown. */
    default String startupDescription() {
        return "";
    }

    /** Rebuilds the index from storage; returns the number of templates. */
    int rebuildIndex();
}
