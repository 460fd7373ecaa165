package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the stores get their connections: a service private to this bundle (its package is not
 * exported), provided by {@link JdbcDatabase}; unit tests pass a lambda.
 */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;
}
