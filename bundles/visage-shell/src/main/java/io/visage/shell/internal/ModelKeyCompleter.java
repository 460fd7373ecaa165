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
import org.osgi.framework.ServiceReference;

/** Completes installed models as name:version, and auto. */
@Service
public class ModelKeyCompleter implements Completer {
    @Reference
    BundleContext context;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter keys = new StringsCompleter();
        keys.getStrings().add("auto");
        try {
            for (ServiceReference<?> ref : Models.all(context)) {
                keys.getStrings().add(Models.key(ref));
            }
        } catch (InvalidSyntaxException e) {
            // no filter is used; nothing to complete
        }
        return keys.complete(session, commandLine, candidates);
    }
}
