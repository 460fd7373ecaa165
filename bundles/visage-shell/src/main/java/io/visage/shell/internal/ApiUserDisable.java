package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "visage", name = "api-user-disable", description = "Refuses every request of an API user (API user not allowed.) without deleting anything.")
@Service
public class ApiUserDisable extends ApiUserCommand {
    @Argument(index = 0, name = "name", required = true, description = "API user name")
    @Completion(ApiUserNameCompleter.class)
    String name;

    @Override
    void run() {
        apiUsers.setEnabled(name, false);
        System.out.println("API user " + name + " disabled.");
    }
}
