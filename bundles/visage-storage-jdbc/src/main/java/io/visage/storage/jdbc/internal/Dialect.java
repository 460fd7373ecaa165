package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What differs between the databases the stores run on. The migration scripts are written once, in Derby's
 * types; {@link #translate} rewrites the few type names PostgreSQL spells differently, so both databases get
 * the same schema from the same scripts.
 */
enum Dialect {
    DERBY,
    POSTGRESQL;

    private static final Pattern BLOB = Pattern.compile("\\bBLOB\\(\\d+[KMG]?\\)");
    private static final Pattern DOUBLE = Pattern.compile("\\bDOUBLE\\b(?! PRECISION)");

    static Dialect of(DatabaseMetaData meta) throws SQLException {
        String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("derby")) {
            return DERBY;
        }
        throw new SQLException("Unsupported database " + meta.getDatabaseProductName()
                + " (Visage runs on Apache Derby and PostgreSQL)");
    }

    static Dialect of(Connection connection) throws SQLException {
        return of(connection.getMetaData());
    }

    /** One statement of a migration script, in this database's spelling. */
    String translate(String sql) {
        if (this == DERBY) {
            return sql;
        }
        String translated = BLOB.matcher(sql).replaceAll("BYTEA");
        return DOUBLE.matcher(translated).replaceAll("DOUBLE PRECISION");
    }

    /** How the catalog stores unquoted identifiers: Derby upper-cases them, PostgreSQL lower-cases them. */
    String catalogName(String identifier) {
        return this == DERBY ? identifier.toUpperCase(Locale.ROOT) : identifier.toLowerCase(Locale.ROOT);
    }
}
