package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh, migrated in-memory Derby database per test. */
final class DerbyMemory implements ConnectionSource {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final String url = "jdbc:derby:memory:visage" + COUNTER.incrementAndGet() + ";create=true";

    DerbyMemory() throws SQLException {
        try (Connection c = open()) {
            Migrations.migrate(c);
        }
    }

    @Override
    public Connection open() throws SQLException {
        return DriverManager.getConnection(url);
    }
}
