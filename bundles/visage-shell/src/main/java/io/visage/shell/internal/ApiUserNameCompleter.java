package io.visage.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.ApiUserService;

/** Completes existing API user names. */
@Service
public class ApiUserNameCompleter implements Completer {
    @Reference
    ApiUserService apiUsers;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        apiUsers.list().stream().map(ApiUser::name).forEach(names.getStrings()::add);
        return names.complete(session, commandLine, candidates);
    }
}
