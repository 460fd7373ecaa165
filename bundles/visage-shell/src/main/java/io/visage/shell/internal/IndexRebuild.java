package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "visage", name = "index-rebuild", description = "Rebuilds the template index from storage.")
@Service
public class IndexRebuild extends AdminCommand {
    @Override
    void run() {
        long start = System.nanoTime();
        int templates = admin.rebuildIndex();
        System.out.println("Index rebuilt: " + templates + " templates in "
                + (System.nanoTime() - start) / 1_000_000 + " ms.");
    }
}
