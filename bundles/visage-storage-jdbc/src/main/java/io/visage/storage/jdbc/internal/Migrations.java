package io.visage.storage.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the newest version by running the numbered scripts in {@code migrations/} that
 * the database has not seen yet, each in its own transaction, recording each in {@code visage_schema}.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** In order; a released script is never edited, a change is a new script. */
    static final List<String> SCRIPTS = List.of(
            "V1__api_users_and_gallery_users.sql",
            "V2__images_and_liveness_detections.sql",
            "V3__gallery_faces_groups_logs_matches.sql",
            "V4__tenant_models.sql",
            "V5__gallery_changes.sql",
            "V6__liveness_refusals.sql");

    private Migrations() {
    }

    static int migrate(Connection connection) throws SQLException {
        return migrate(connection, SCRIPTS.size());
    }

    /** Brings the schema to {@code target} (tests start from an older version this way). */
    static int migrate(Connection connection, int target) throws SQLException {
        connection.setAutoCommit(false);
        Dialect dialect = Dialect.of(connection);
        ensureVersionTable(connection, dialect);
        int current = currentVersion(connection);
        for (int version = current + 1; version <= target; version++) {
            String script = SCRIPTS.get(version - 1);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(load(script))) {
                    statement.execute(dialect.translate(sql));
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO visage_schema (version, script, applied_ms) VALUES (?, ?, ?)")) {
                    record.setInt(1, version);
                    record.setString(2, script);
                    record.setLong(3, System.currentTimeMillis());
                    record.executeUpdate();
                }
                connection.commit();
                LOG.info("Applied schema migration {}", script);
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        // Reading the version opened a transaction too; end it so the caller may close the connection.
        connection.commit();
        return Math.max(current, target);
    }

    private static void ensureVersionTable(Connection connection, Dialect dialect) throws SQLException {
        // Only the connection's own schema counts: a PostgreSQL database may hold other Visage schemas.
        boolean exists = tableExists(connection, dialect.catalogName("visage_schema"));
        if (!exists) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE visage_schema (version INT NOT NULL PRIMARY KEY, "
                        + "script VARCHAR(200) NOT NULL, applied_ms BIGINT NOT NULL)");
            }
            connection.commit();
        }
    }

    private static boolean tableExists(Connection connection, String name) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet tables = meta.getTables(null, connection.getSchema(), name, null)) {
            return tables.next();
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM visage_schema")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String load(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + script)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration script " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration script " + script, e);
        }
    }

    /** Splits a script on semicolons that end a line; lines starting with -- are comments. */
    static List<String> statements(String script) {
        StringBuilder current = new StringBuilder();
        java.util.ArrayList<String> result = new java.util.ArrayList<>();
        for (String line : script.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().trim();
                result.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().trim());
        }
        return result;
    }
}
