package io.visage.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.visage.api.admin.PlatformAdmin;

/** Base of the operator commands: a refusal is one line on stderr, never a stack trace. */
abstract class AdminCommand implements Action {
    @Reference
    PlatformAdmin admin;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
        }
        return null;
    }

    abstract void run() throws Exception;
}
