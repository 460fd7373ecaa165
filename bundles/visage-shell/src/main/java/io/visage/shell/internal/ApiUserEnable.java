package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "visage", name = "api-user-enable", description = "Allows a disabled API user to call the API again.")
@Service
public class ApiUserEnable extends ApiUserCommand {
    @Argument(index = 0, name = "name", required = true, description = "API user name")
    @Completion(ApiUserNameCompleter.class)
    String name;

    @Override
    void run() {
        apiUsers.setEnabled(name, true);
        System.out.println("API user " + name + " enabled.");
    }
}
