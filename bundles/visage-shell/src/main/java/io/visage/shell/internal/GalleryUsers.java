package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;

@Command(scope = "visage", name = "gallery-users", description = "Lists the gallery users of an API user.")
@Service
public class GalleryUsers extends ApiUserCommand {
    @Reference
    GalleryService gallery;

    @Argument(index = 0, name = "api-user", required = true, description = "API user name")
    @Completion(ApiUserNameCompleter.class)
    String apiUser;

    @Option(name = "--limit", aliases = "-n", description = "At most this many users (default 100)")
    int limit = 100;

    @Override
    void run() {
        ShellTable table = new ShellTable();
        table.column("User reference");
        table.column("Created");
        table.column("Saved image");
        UserQuery query = new UserQuery(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.OptionalInt.of(Math.max(1, limit)));
        for (GalleryUser user : gallery.queryUsers(tenant(apiUser), query)) {
            table.addRow().addContent(user.userReference(), user.created(), user.imageKey().isPresent());
        }
        table.print(System.out);
    }
}
