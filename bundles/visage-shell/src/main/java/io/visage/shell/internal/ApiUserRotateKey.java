package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.visage.api.tenant.IssuedKey;

@Command(scope = "visage", name = "api-user-rotate-key", description = "Replaces an API user's key and prints the new one once; the old key stops working at once.")
@Service
public class ApiUserRotateKey extends ApiUserCommand {
    @Argument(index = 0, name = "name", required = true, description = "API user name")
    @Completion(ApiUserNameCompleter.class)
    String name;

    @Override
    void run() {
        IssuedKey issued = apiUsers.rotateKey(name);
        System.out.println("api_key: " + issued.apiKey());
        System.out.println("Store the key now: it is kept only as a hash and cannot be shown again.");
    }
}
