package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.visage.api.storage.StorageCopy;
import io.visage.api.storage.StorageException;

@Command(scope = "visage", name = "storage-copy",
        description = "Copies everything this instance stores (API users, galleries, templates, images, groups, "
                + "histories, tenant secrets) into another, empty PostgreSQL database, then verifies the copy by "
                + "row counts and checksums. Stop traffic first; nothing changes in the database in use.")
@Service
public class StorageCopyCommand implements Action {
    @Reference
    StorageCopy storageCopy;

    @Argument(name = "target", required = true,
            description = "dataSourceName of the target, from its etc/org.ops4j.datasource-<name>.cfg")
    String target;

    @Override
    public Object execute() {
        ProgressLine progress = new ProgressLine(System.out);
        StorageCopy.Report report;
        try {
            report = storageCopy.copyTo(target, progress::update);
        } catch (IllegalArgumentException | StorageException e) {
            progress.finishStep();
            System.err.println("Error: " + e.getMessage());
            return null;
        }
        progress.finishStep();
        ShellTable table = new ShellTable();
        table.column("Table");
        table.column("Rows").alignRight();
        table.column("SHA-256 (both sides)");
        for (StorageCopy.TableCopy copied : report.tables()) {
            table.addRow().addContent(copied.table(), copied.rows(), copied.checksum().substring(0, 16) + "…");
        }
        table.print(System.out);
        System.out.printf("Copied and verified: %,d rows in %d tables to %s in %s.%n", report.rows(),
                report.tables().size(), report.target(), ProgressLine.duration(report.took().toMillis() / 1000.0));
        System.out.println("To switch this instance: config:property-set -p io.visage.storage.jdbc "
                + "dataSource.target \"(dataSourceName=" + report.target() + ")\"");
        return null;
    }
}
