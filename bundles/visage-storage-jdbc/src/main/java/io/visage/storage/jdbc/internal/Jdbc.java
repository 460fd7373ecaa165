package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

import io.visage.api.storage.DuplicateException;
import io.visage.api.storage.StorageException;

/** Runs units of work in one transaction and turns SQL failures into the storage SPI's exceptions. */
final class Jdbc {
    /** SQLSTATE of a unique or primary key violation, the same in Derby, PostgreSQL and others. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final ConnectionSource connections;

    Jdbc(ConnectionSource connections) {
        this.connections = connections;
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a transaction: committed if it returns, rolled back if it throws. */
    <T> T inTransaction(String what, Work<T> work) {
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
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new DuplicateException(what + ": already exists", e);
            }
            throw new StorageException(what + " failed", e);
        }
    }
}
