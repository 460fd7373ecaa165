package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.gallery.GalleryService;

@Command(scope = "visage", name = "gallery-user-delete",
        description = "Deletes a gallery user with its templates, saved images and group memberships (logged).")
@Service
public class GalleryUserDelete extends ApiUserCommand {
    @Reference
    GalleryService gallery;

    @Argument(index = 0, name = "api-user", required = true, description = "API user name")
    @Completion(ApiUserNameCompleter.class)
    String apiUser;

    @Argument(index = 1, name = "user-reference", required = true, description = "The gallery user")
    String userReference;

    @Override
    void run() {
        try {
            gallery.delete(tenant(apiUser), userReference);
            System.out.println("User " + userReference + " of " + apiUser + " deleted.");
        } catch (RequestRefusedException e) {
            System.err.println("Error: " + (e.refusal() == Refusal.USER_UNKNOWN ? "User " + userReference + " not found."
                    : "cannot delete " + userReference + ": " + e.refusal()));
        }
    }
}
