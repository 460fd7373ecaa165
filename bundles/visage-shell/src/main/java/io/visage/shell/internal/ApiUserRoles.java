package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.visage.api.tenant.ApiUser;

@Command(scope = "visage", name = "api-user-roles",
        description = "Shows or sets the endpoint families an API user may call.")
@Service
public class ApiUserRoles extends ApiUserCommand {
    @Argument(index = 0, name = "name", required = true, description = "API user name")
    @Completion(ApiUserNameCompleter.class)
    String name;

    @Argument(index = 1, name = "roles", description = "all, or a comma-separated list of gallery, id_match, "
            + "liveness, detection; omit to show the current roles")
    String roles;

    @Override
    void run() {
        ApiUser user = roles == null
                ? apiUsers.list().stream().filter(u -> u.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("No API user named " + name))
                : apiUsers.setRoles(name, Roles.parse(roles));
        System.out.println(user.name() + ": " + Roles.format(user.roles()));
    }
}
