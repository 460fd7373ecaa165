package io.visage.core.internal;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.storage.StorageException;

/**
 * Runs a unit of storage work again when the database rolled it back to break a deadlock or a serialisation
 * conflict: nothing of it was kept, and running it once more normally succeeds. Any other failure is
 * passed on at once.
 */
final class Conflicts {
    private static final Logger LOG = LoggerFactory.getLogger(Conflicts.class);
    /** Serialisation failure (SQL standard; Derby's deadlock victim), Derby's lock timeouts, PostgreSQL's deadlock. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40XL1", "40XL2", "40P01");
    static final int ATTEMPTS = 4;

    private Conflicts() {
    }

    static <T> T retry(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (StorageException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                LOG.info("Storage transaction rolled back by the database ({}); attempt {} of {}",
                        e.getMessage(), attempt + 1, ATTEMPTS);
                if (!pause(attempt)) {
                    throw e;
                }
            }
        }
    }

    static boolean retryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null && RETRYABLE.contains(next.getSQLState())) {
                        return true;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** A short random pause, longer each time, so that the two sides of a conflict do not meet again. */
    private static boolean pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << attempt));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
