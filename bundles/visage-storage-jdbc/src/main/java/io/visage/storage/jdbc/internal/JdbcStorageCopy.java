package io.visage.storage.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.storage.StorageCopy;
import io.visage.api.storage.StorageException;

/**
 * Copies every table into another database's empty schema in one transaction of the target (all or nothing),
 * keeping the rows' ids, then reads both sides back and compares counts and checksums. The change feed is not
 * copied: nodes on the new database start following it from its beginning.
 */
@Component(service = StorageCopy.class)
public final class JdbcStorageCopy implements StorageCopy {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStorageCopy.class);
    private static final int PROGRESS_EVERY = 100;

    /** The tables in an order that satisfies every foreign key, each with its key columns. */
    static final List<Table> TABLES = List.of(
            new Table("api_users", "id", true),
            new Table("tenant_secrets", "tenant_id", false),
            new Table("tenant_models", "tenant_id", false),
            new Table("gallery_users", "id", true),
            new Table("images", "id", true),
            new Table("gallery_faces", "id", true),
            new Table("user_groups", "id", true),
            new Table("user_group_members", "group_id, user_id", false),
            new Table("user_logs", "id", true),
            new Table("liveness_detections", "id", true),
            new Table("liveness_detection_images", "detection_id, position", false),
            new Table("matches", "id", true));

    record Table(String name, String key, boolean identity) {
    }

    private final ConnectionSource source;
    private final BundleContext context;

    @Activate
    public JdbcStorageCopy(@Reference ConnectionSource source, BundleContext context) {
        this.source = source;
        this.context = context;
    }

    @Override
    public Report copyTo(String targetDataSourceName, Progress progress) {
        ServiceReference<DataSource> reference = find(targetDataSourceName);
        DataSource target = context.getService(reference);
        try {
            if (source instanceof JdbcDatabase && ((JdbcDatabase) source).dataSource() == target) {
                throw new IllegalArgumentException("Data source " + targetDataSourceName + " is the one in use");
            }
            return copy(source::open, target::getConnection, targetDataSourceName, progress);
        } finally {
            context.ungetService(reference);
        }
    }

    private ServiceReference<DataSource> find(String name) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("Not a data source name: " + name);
        }
        try {
            Collection<ServiceReference<DataSource>> found =
                    context.getServiceReferences(DataSource.class, "(dataSourceName=" + name + ")");
            if (found.isEmpty()) {
                throw new IllegalArgumentException("No data source named " + name
                        + " (create etc/org.ops4j.datasource-" + name + ".cfg first)");
            }
            return found.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Not a data source name: " + name, e);
        }
    }

    /** The copy itself, between any two connection sources (unit tests pass two databases). */
    static Report copy(ConnectionSource from, ConnectionSource to, String targetName, Progress progress) {
        long start = System.nanoTime();
        try (Connection in = from.open(); Connection out = to.open()) {
            Dialect targetDialect = Dialect.of(out);
            if (targetDialect != Dialect.POSTGRESQL) {
                throw new IllegalArgumentException("Copies go to PostgreSQL; " + targetName + " is "
                        + out.getMetaData().getDatabaseProductName());
            }
            Migrations.migrate(out);
            out.setAutoCommit(false);
            for (Table table : TABLES) {
                if (count(out, table) > 0) {
                    throw new IllegalArgumentException("The database of " + targetName + " is not empty (table "
                            + table.name() + "); copy into a new database or schema");
                }
            }
            in.setAutoCommit(false);
            in.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            for (Table table : TABLES) {
                copyTable(in, out, table, progress);
            }
            for (Table table : TABLES) {
                if (table.identity()) {
                    // New rows of the target continue after the copied ids.
                    try (Statement s = out.createStatement()) {
                        s.execute("SELECT setval(pg_get_serial_sequence('" + table.name() + "', 'id'), "
                                + "COALESCE((SELECT MAX(id) FROM " + table.name() + "), 0) + 1, false)");
                    }
                }
            }
            out.commit();
            in.commit();

            List<TableCopy> verified = new ArrayList<>();
            for (Table table : TABLES) {
                TableCopy there = checksum(out, table);
                TableCopy here = checksum(in, table);
                if (!here.equals(there)) {
                    throw new StorageException("The copy of " + table.name() + " does not verify (" + here.rows()
                            + " rows here, " + there.rows() + " there, checksums differ: " + !here.checksum()
                            .equals(there.checksum()) + "). Was the instance written to during the copy? Stop "
                            + "traffic, drop the target's tables and copy again.", null);
                }
                verified.add(here);
            }
            in.commit();
            out.commit();
            Report report = new Report(in.getMetaData().getDatabaseProductName(), targetName, verified,
                    Duration.ofNanos(System.nanoTime() - start));
            LOG.info("Storage copied to {}: {} rows in {} tables, verified, {} ms", targetName, report.rows(),
                    verified.size(), report.took().toMillis());
            return report;
        } catch (SQLException e) {
            throw new StorageException("Copy to " + targetName + " failed: " + e.getMessage(), e);
        }
    }

    private static long count(Connection c, Table table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table.name())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void copyTable(Connection in, Connection out, Table table, Progress progress) throws SQLException {
        long total = count(in, table);
        progress.copied(table.name(), 0, total);
        try (Statement select = in.createStatement();
                ResultSet rs = select.executeQuery("SELECT * FROM " + table.name() + " ORDER BY " + table.key())) {
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            List<String> names = columnNames(meta);
            String sql = "INSERT INTO " + table.name() + " (" + String.join(", ", names) + ")"
                    + (table.identity() ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
            long done = 0;
            try (PreparedStatement insert = out.prepareStatement(sql)) {
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        if (isBinary(meta.getColumnType(i))) {
                            insert.setBytes(i, rs.getBytes(i));
                        } else {
                            insert.setObject(i, rs.getObject(i));
                        }
                    }
                    insert.addBatch();
                    if (++done % PROGRESS_EVERY == 0) {
                        insert.executeBatch();
                        progress.copied(table.name(), done, total);
                    }
                }
                insert.executeBatch();
            }
            progress.copied(table.name(), done, Math.max(total, done));
        }
    }

    /** Rows in key order, each column in a form both databases give alike, hashed. */
    static TableCopy checksum(Connection c, Table table) throws SQLException {
        MessageDigest digest = sha256();
        long rows = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table.name() + " ORDER BY " + table.key())) {
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            List<String> names = columnNames(meta);
            List<Integer> order = new ArrayList<>();
            names.stream().sorted().forEach(n -> order.add(names.indexOf(n) + 1));
            while (rs.next()) {
                rows++;
                for (int i : order) {
                    String value = canonical(rs, i, meta.getColumnType(i));
                    byte[] bytes = value == null ? new byte[] {0} : value.getBytes(StandardCharsets.UTF_8);
                    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                    digest.update((byte) ':');
                    digest.update(bytes);
                }
            }
        }
        return new TableCopy(table.name(), rows, HexFormat.of().formatHex(digest.digest()));
    }

    private static String canonical(ResultSet rs, int column, int type) throws SQLException {
        String value;
        switch (type) {
            case Types.BIGINT: case Types.INTEGER: case Types.SMALLINT: case Types.TINYINT:
                value = Long.toString(rs.getLong(column));
                break;
            case Types.DOUBLE: case Types.FLOAT: case Types.REAL:
                value = Double.toString(rs.getDouble(column));
                break;
            case Types.BOOLEAN: case Types.BIT:
                value = Boolean.toString(rs.getBoolean(column));
                break;
            default:
                if (isBinary(type)) {
                    byte[] bytes = rs.getBytes(column);
                    value = bytes == null ? null : HexFormat.of().formatHex(bytes);
                } else {
                    value = rs.getString(column);
                }
        }
        return rs.wasNull() ? null : value;
    }

    /** Lower-case, as both databases accept them unquoted. */
    private static List<String> columnNames(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    private static boolean isBinary(int type) {
        return type == Types.BLOB || type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
