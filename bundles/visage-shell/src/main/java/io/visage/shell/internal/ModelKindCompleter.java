package io.visage.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/** Completes the kinds of model a running stage can be pinned to (the stages say which). */
@Service
public class ModelKindCompleter implements Completer {
    @Reference
    BundleContext context;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        try {
            return new StringsCompleter(Models.pins(context).keySet()).complete(session, commandLine, candidates);
        } catch (InvalidSyntaxException e) {
            return -1;
        }
    }
}
