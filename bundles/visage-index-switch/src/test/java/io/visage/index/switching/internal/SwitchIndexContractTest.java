package io.visage.index.switching.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.TemplateIndex;
import io.visage.index.exact.internal.ExactTemplateIndex;
import io.visage.index.hnsw.internal.HnswSettings;
import io.visage.index.hnsw.internal.HnswTemplateIndex;

/**
 * The switch keeps the contract in auto mode with a threshold of 0: every tenant goes to the HNSW index once
 * it is built, to the exact one until then (so each test meets either, or both in turn). As in the platform,
 * storage holds what the switch was rebuilt from: the background build reads it there.
 */
public class SwitchIndexContractTest extends TemplateIndexContract {
    private HnswTemplateIndex hnsw;
    private SwitchingTemplateIndex switching;
    private volatile HeldContent storage = new HeldContent(List.of(), List.of());

    @Override
    @SuppressWarnings("unchecked")
    protected TemplateIndex create() throws Exception {
        hnsw = new HnswTemplateIndex(Files.createTempDirectory("switch-contract"), HnswSettings.DEFAULTS.withSearch(400, 0, 0));
        switching = new SwitchingTemplateIndex(new ExactTemplateIndex(), () -> storage, "auto", 0);
        switching.approximateAppeared(hnsw);
        // what a rebuild is given is what storage holds from then on
        return (TemplateIndex) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {TemplateIndex.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("rebuild")) {
                        storage = new HeldContent(((Stream<IndexEntry>) args[0]).toList(),
                                ((Stream<GroupMembership>) args[1]).toList());
                        args = new Object[] {storage.templates().stream(), storage.memberships().stream()};
                    }
                    try {
                        return method.invoke(switching, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    protected void dispose(TemplateIndex done) throws Exception {
        switching.close();
        hnsw.close();
        deleteRecursively(hnsw.directory());
    }
}
