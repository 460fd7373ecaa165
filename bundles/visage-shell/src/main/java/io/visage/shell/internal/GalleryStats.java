package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.visage.api.admin.TenantGallery;

@Command(scope = "visage", name = "gallery-stats",
        description = "Per API user: gallery users, saved images, templates per embedding model, active model.")
@Service
public class GalleryStats extends AdminCommand {
    @Override
    void run() {
        ShellTable table = new ShellTable();
        table.column("API user");
        table.column("Users");
        table.column("Images");
        table.column("Templates per model");
        table.column("Active model");
        for (TenantGallery g : admin.galleries()) {
            table.addRow().addContent(g.apiUser(), g.users(), g.images(), g.templatesPerModel(),
                    g.activeModel().orElse("-"));
        }
        table.print(System.out);
    }
}
