package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "visage", name = "api-user-remove", description = "Removes an API user and everything it owns.")
@Service
public class ApiUserRemove extends ApiUserCommand {
    @Argument(index = 0, name = "name", required = true, description = "API user name")
    @Completion(ApiUserNameCompleter.class)
    String name;

    @Override
    void run() {
        if (apiUsers.remove(name)) {
            System.out.println("API user " + name + " removed.");
        } else {
            System.err.println("Error: no API user named " + name);
        }
    }
}
