package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.visage.api.index.IndexSwitch;

/**
 * Chooses the template index backend ({@code exact}, {@code hnsw}, {@code auto}); without an argument, shows
 * the mode and the backends. The new backend is built in the background; {@code visage:index-info} shows
 * its progress, and searches switch to it once it is complete.
 */
@Command(scope = "visage", name = "index-backend", description = "Shows or chooses the template index backend "
        + "(exact, hnsw, auto); a new one is built in the background and used once complete.")
@Service
public class IndexBackend implements Action {

    @Reference(optional = true)
    IndexSwitch indexSwitch;

    @Argument(index = 0, name = "mode", description = "exact, hnsw, or auto (exact below the auto threshold of "
            + "templates per tenant, hnsw from there)", required = false)
    @Completion(value = StringsCompleter.class, values = {"exact", "hnsw", "auto"})
    String mode;

    @Option(name = "--wait", aliases = "-w", description = "After choosing, show the build's progress (done/total, "
            + "rate, ETA) until every backend has finished building")
    boolean waitForBuild;

    @Override
    public Object execute() {
        if (indexSwitch == null) {
            System.err.println("Error: no index switch (bundle visage-index-switch) is running.");
            return null;
        }
        if (mode != null) {
            try {
                indexSwitch.select(mode);
            } catch (IllegalArgumentException e) {
                System.err.println("Error: " + e.getMessage());
                return null;
            }
            System.out.println("Index mode " + indexSwitch.mode() + " chosen.");
            if (waitForBuild) {
                watchBuilds();
            }
        }
        IndexInfo.printSwitch(indexSwitch);
        return null;
    }

    /** A live line per backend being built, until none is (or the command is interrupted: Ctrl-C). */
    private void watchBuilds() {
        ProgressLine progress = new ProgressLine(System.out);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean building = false;
                for (IndexSwitch.Backend backend : indexSwitch.backends()) {
                    if ("building".equals(backend.state())) {
                        building = true;
                        progress.update("building " + backend.name(), backend.done(), backend.total());
                    }
                }
                if (!building) {
                    break;
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            progress.finishStep();
        }
    }
}
