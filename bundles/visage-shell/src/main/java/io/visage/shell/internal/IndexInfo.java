package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.visage.api.index.IndexStats;
import io.visage.api.index.IndexSwitch;

@Command(scope = "visage", name = "index-info", description = "The template index backend, its size and memory.")
@Service
public class IndexInfo extends AdminCommand {

    @Reference(optional = true)
    IndexSwitch indexSwitch;

    @Override
    void run() {
        IndexStats stats = admin.indexStats();
        System.out.println("Backend:   " + admin.indexBackend());
        String startup = admin.indexStartup();
        if (!startup.isEmpty()) {
            System.out.println("Start:     " + startup);
        }
        System.out.println("Tenants:   " + stats.tenants());
        System.out.println("Users:     " + stats.users());
        System.out.println("Templates: " + stats.templates());
        System.out.println("Memory:    " + stats.allocatedBytes() / 1024 + " KiB allocated, "
                + stats.vectorBytes() / 1024 + " KiB of vectors");
        if (indexSwitch != null) {
            printSwitch(indexSwitch);
        }
    }

    /** Mode and backends, a line each: {@code hnsw  building 12,000 / 100,000 templates (12 %)}. */
    static void printSwitch(IndexSwitch indexSwitch) {
        System.out.println("Mode:      " + indexSwitch.mode() + " (auto threshold " + indexSwitch.autoThreshold()
                + " templates per tenant)");
        for (IndexSwitch.Backend backend : indexSwitch.backends()) {
            StringBuilder line = new StringBuilder(String.format("  %-6s %-9s", backend.name(), backend.state()));
            if (backend.state().equals("building")) {
                line.append(String.format("%,d / %,d templates", backend.done(), backend.total()));
                if (backend.total() > 0) {
                    line.append(String.format(" (%d %%)", 100 * backend.done() / backend.total()));
                }
            } else if (!backend.state().equals("absent") && !backend.state().equals("idle")) {
                line.append(String.format("%,d templates", backend.total()));
            }
            if (!backend.implementation().isEmpty()) {
                line.append("  (").append(backend.implementation()).append(')');
            }
            if (!backend.lastError().isEmpty()) {
                line.append("  last build failed: ").append(backend.lastError());
            }
            System.out.println(line.toString().stripTrailing());
        }
    }
}
