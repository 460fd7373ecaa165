package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

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
}
