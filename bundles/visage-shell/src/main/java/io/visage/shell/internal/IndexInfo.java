package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.visage.api.index.IndexStats;

@Command(scope = "visage", name = "index-info", description = "The template index backend, its size and memory.")
@Service
public class IndexInfo extends AdminCommand {
    @Override
    void run() {
        IndexStats stats = admin.indexStats();
        System.out.println("Backend:   " + admin.indexBackend());
        System.out.println("Tenants:   " + stats.tenants());
        System.out.println("Users:     " + stats.users());
        System.out.println("Templates: " + stats.templates());
        System.out.println("Memory:    " + stats.allocatedBytes() / 1024 + " KiB allocated, "
                + stats.vectorBytes() / 1024 + " KiB of vectors");
    }
}
