package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "visage", name = "reembedding",
        description = "Progress of re-embedding saved images with the preferred embedding model, per API user; "
                + "lists users without a saved image, who must enrol again.")
@Service
public class Reembedding extends AdminCommand {
    @Option(name = "--watch", aliases = "-w", description = "Show a live progress line per API user (done/total, "
            + "rate, ETA) until every API user matches with the target model (Ctrl-C stops watching)")
    boolean watch;

    @Override
    void run() throws InterruptedException {
        if (watch) {
            watch();
        }
        ShellTable table = new ShellTable();
        table.column("API user");
        table.column("Active model");
        table.column("Target model");
        table.column("Remaining");
        table.column("Failed");
        table.column("Need re-enrolment");
        for (io.visage.api.admin.Reembedding r : admin.reembedding()) {
            table.addRow().addContent(r.apiUser(), r.activeModel(), r.targetModel(), r.remaining(), r.failed(),
                    String.join(",", r.needReenrolment()));
        }
        table.print(System.out);
    }

    private void watch() throws InterruptedException {
        ProgressLine progress = new ProgressLine(System.out);
        java.util.Map<String, Integer> initial = new java.util.HashMap<>();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean pending = false;
                for (io.visage.api.admin.Reembedding r : admin.reembedding()) {
                    if (r.complete()) {
                        continue;
                    }
                    pending = true;
                    int total = initial.computeIfAbsent(r.apiUser(), u -> Math.max(r.remaining(), 1));
                    progress.update("re-embedding " + r.apiUser(), Math.max(0, total - r.remaining()), total);
                }
                if (!pending) {
                    break;
                }
                Thread.sleep(500);
            }
        } finally {
            progress.finishStep();
        }
    }
}
