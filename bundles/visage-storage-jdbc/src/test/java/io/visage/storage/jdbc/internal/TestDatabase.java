package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, migrated database per test: in-memory Derby, or, when the build runs with
 * {@code -Dvisage.test.database=postgresql} (the storage module's {@code postgresql} test run, active when
 * {@code VISAGE_TEST_POSTGRESQL_URL} is set, as itests/postgresql/with-cluster.sh does), a new schema in that
 * PostgreSQL database, so the same tests prove the same behaviour on both.
 */
final class TestDatabase implements ConnectionSource {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    private final String url;
    private final Properties credentials = new Properties();

    TestDatabase() throws SQLException {
        this(isPostgresql());
    }

    /** A fresh Derby database whatever the run's database (a copy's source). */
    static TestDatabase derby() throws SQLException {
        return new TestDatabase(false);
    }

    /** A fresh PostgreSQL schema, or null when no server was given (tests that need one skip). */
    static TestDatabase postgresqlIfGiven() throws SQLException {
        return System.getenv("VISAGE_TEST_POSTGRESQL_URL") == null ? null : new TestDatabase(true);
    }

    private TestDatabase(boolean postgresql) throws SQLException {
        this(postgresql, true);
    }

    /** @param migrate false leaves the database empty, without even the schema table */
    TestDatabase(boolean postgresql, boolean migrate) throws SQLException {
        int n = COUNTER.incrementAndGet();
        if (postgresql) {
            String base = System.getenv("VISAGE_TEST_POSTGRESQL_URL");
            if (base == null) {
                throw new IllegalStateException("visage.test.database=postgresql needs VISAGE_TEST_POSTGRESQL_URL");
            }
            credentials.setProperty("user", System.getenv("VISAGE_TEST_POSTGRESQL_USER"));
            credentials.setProperty("password", System.getenv("VISAGE_TEST_POSTGRESQL_PASSWORD"));
            String schema = "t_" + RUN + "_" + n;
            try (Connection c = DriverManager.getConnection(base, credentials); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        } else {
            url = "jdbc:derby:memory:visage" + n + ";create=true";
        }
        if (migrate) {
            try (Connection c = open()) {
                Migrations.migrate(c);
            }
        }
    }

    static boolean isPostgresql() {
        return "postgresql".equals(System.getProperty("visage.test.database"));
    }

    @Override
    public Connection open() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }
}
