package io.visage.index.switching.internal;

import java.nio.file.Files;

import io.visage.api.index.TemplateIndex;
import io.visage.index.hnsw.internal.HnswSettings;
import io.visage.index.hnsw.internal.HnswTemplateIndex;

/**
 * The HNSW index keeps the contract with every search through its graph (no exact scan of small galleries
 * or small groups): a selective group is answered by widening the graph search, then by its members' scan.
 */
public class HnswIndexContractTest extends TemplateIndexContract {
    @Override
    protected TemplateIndex create() throws Exception {
        return new HnswTemplateIndex(Files.createTempDirectory("hnsw-contract"), HnswSettings.DEFAULTS.withSearch(400, 0, 0));
    }

    @Override
    protected void dispose(TemplateIndex done) throws Exception {
        ((HnswTemplateIndex) done).close();
        deleteRecursively(((HnswTemplateIndex) done).directory());
    }
}
