package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.visage.api.storage.DuplicateException;
import io.visage.api.storage.StorageException;

/** Runs units of work in one transaction and turns SQL failures into the storage SPI's exceptions. */
final class Jdbc {
    /** SQLSTATE of a unique or primary key violation, the same in Derby, PostgreSQL and others. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_ATTEMPTS = 6;
    private static final long RETRY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ConnectionSource connections;

    Jdbc(ConnectionSource connections) {
        this.connections = connections;
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction: committed if it returns, rolled back if it throws. A transaction the
     * database rolled back on its own (SQLSTATE class 40: a deadlock, a serialisation failure, or Derby's
     * identity sequence busy with another transaction's insert) had no effect, so it is run again, a few times
     * and only while the first attempt is recent, so that a real lock timeout still ends the request.
     */
    <T> T inTransaction(String what, Work<T> work) {
        return run(what, work, MAX_ATTEMPTS);
    }

    /**
     * {@link #inTransaction} without the retry, for work that hands rows to a caller as it reads them (a retry
     * would hand the first ones over twice).
     */
    <T> T inOneAttempt(String what, Work<T> work) {
        return run(what, work, 1);
    }

    private <T> T run(String what, Work<T> work, int maxAttempts) {
        long start = System.nanoTime();
        for (int attempt = 1;; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (isRolledBack(e) && attempt < maxAttempts && System.nanoTime() - start < RETRY_WINDOW_NANOS
                        && paused(attempt)) {
                    continue;
                }
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new DuplicateException(what + ": already exists", e);
                }
                throw new StorageException(what + " failed", e);
            }
        }
    }

    private <T> T once(Work<T> work) throws SQLException {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static boolean isRolledBack(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("40");
    }

    /**
     * A short random pause, longer with each attempt, so that two retrying transactions part ways; false (no
     * retry) when the thread is interrupted meanwhile.
     */
    private static boolean paused(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
