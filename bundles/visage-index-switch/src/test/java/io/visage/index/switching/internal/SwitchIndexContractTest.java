package io.visage.index.switching.internal;

import java.nio.file.Files;
import java.util.List;

import io.visage.api.index.TemplateIndex;
import io.visage.index.exact.internal.ExactTemplateIndex;
import io.visage.index.hnsw.internal.HnswSettings;
import io.visage.index.hnsw.internal.HnswTemplateIndex;

/**
 * The switch keeps the contract in auto mode with a threshold of 0: every tenant goes to the HNSW index once
 * it is built, to the exact one until then (so each test meets either, or both in turn).
 */
public class SwitchIndexContractTest extends TemplateIndexContract {
    private HnswTemplateIndex hnsw;

    @Override
    protected TemplateIndex create() throws Exception {
        hnsw = new HnswTemplateIndex(Files.createTempDirectory("switch-contract"), HnswSettings.DEFAULTS.withSearch(400, 0, 0));
        SwitchingTemplateIndex index = new SwitchingTemplateIndex(new ExactTemplateIndex(),
                () -> new SwitchingTemplateIndex.Snapshot(List.of(), List.of()), "auto", 0);
        index.approximateAppeared(hnsw);
        return index;
    }

    @Override
    protected void dispose(TemplateIndex done) throws Exception {
        ((SwitchingTemplateIndex) done).close();
        hnsw.close();
        deleteRecursively(hnsw.directory());
    }
}
