package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.visage.api.tenant.ApiUser;

@Command(scope = "visage", name = "api-user-list", description = "Lists API users, their state and roles.")
@Service
public class ApiUserList extends ApiUserCommand {
    @Override
    void run() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Enabled");
        table.column("Roles");
        table.column("Created");
        for (ApiUser user : apiUsers.list()) {
            table.addRow().addContent(user.name(), user.enabled(), Roles.format(user.roles()), user.created());
        }
        table.print(System.out);
    }
}
