package io.visage.shell.internal;

import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "visage", name = "purge",
        description = "Deletes gallery, ID and liveness transactions (and their saved images) older than the "
                + "retention period. Galleries and user logs are kept.")
@Service
public class Purge extends AdminCommand {
    @Option(name = "--older-than-days", aliases = "-d", required = true, description = "Retention period in days")
    int days;

    @Override
    void run() {
        if (days < 0) {
            throw new IllegalArgumentException("the retention period cannot be negative");
        }
        int purged = admin.purgeTransactionsBefore(Instant.now().minus(Duration.ofDays(days)));
        System.out.println(purged + " transactions older than " + days + " days purged.");
    }
}
