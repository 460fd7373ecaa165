package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "visage", name = "reembedding",
        description = "Progress of re-embedding saved images with the preferred embedding model, per API user; "
                + "lists users without a saved image, who must enrol again.")
@Service
public class Reembedding extends AdminCommand {
    @Override
    void run() {
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
}
