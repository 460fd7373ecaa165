package io.visage.core.internal;

import io.visage.api.index.IndexStats;
import io.visage.api.storage.StoredFace;

/** The gallery's template index as other components of this bundle update and inspect it. */
interface IndexedTemplates {

    /** Makes a stored template searchable. */
    void indexed(StoredFace face);

    IndexStats indexStats();

    /** Which index implementation is in use. */
    String indexBackend();

    /** Rebuilds the index from storage; returns the number of templates. */
    int rebuildIndex();
}
