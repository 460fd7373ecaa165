package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.ApiUserService;

/** Base of the api-user commands: a refused operation is one line on stderr, never a stack trace. */
abstract class ApiUserCommand implements Action {
    @Reference
    ApiUserService apiUsers;

    @Override
    public final Object execute() {
        try {
            run();
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
        }
        return null;
    }

    abstract void run();

    /** The API user (tenant) with that name. @throws IllegalArgumentException when there is none */
    ApiUser tenant(String name) {
        return apiUsers.list().stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No API user named " + name));
    }
}
