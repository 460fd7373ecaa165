package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.visage.api.tenant.IssuedKey;

@Command(scope = "visage", name = "api-user-add",
        description = "Creates an API user (tenant) and prints its generated key. The key is shown only once.")
@Service
public class ApiUserAdd extends ApiUserCommand {
    @Argument(index = 0, name = "name", required = true, description = "The api_user value clients will send")
    String name;

    @Option(name = "--roles", aliases = "-r", description = "Endpoint families it may call: all (default) or "
            + "a comma-separated list of gallery, id_match, liveness, detection")
    String roles = "all";

    @Override
    void run() {
        IssuedKey issued = apiUsers.add(name, Roles.parse(roles));
        System.out.println("API user " + issued.user().name() + " created with roles "
                + Roles.format(issued.user().roles()) + ".");
        System.out.println("api_key: " + issued.apiKey());
        System.out.println("Store the key now: it is kept only as a hash and cannot be shown again.");
    }
}
