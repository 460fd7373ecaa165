package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "visage", name = "template-secret-rotate",
        description = "Replaces an API user's template secret: templates returned from now on are encrypted under "
                + "the new secret; earlier ones cannot be decrypted by the platform any more.")
@Service
public class TemplateSecretRotate extends AdminCommand {
    @Argument(index = 0, name = "api-user", required = true, description = "API user name")
    @Completion(ApiUserNameCompleter.class)
    String apiUser;

    @Override
    void run() {
        admin.rotateTemplateSecret(apiUser);
        System.out.println("Template secret of " + apiUser + " rotated.");
    }
}
