package io.visage.api.storage;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Moves an instance off its database: copies everything the storage holds (API users, tenant secrets and
 * models, galleries, templates, images, groups, histories, transactions) from the database in use into
 * another, empty one, then verifies the copy, table by table, by row counts and checksums read back from both.
 */
@ProviderType
public interface StorageCopy {

    /** Told how far a copy is; called on the copying thread. */
    @FunctionalInterface
    interface Progress {
        void copied(String table, long rowsDone, long rowsTotal);
    }

    /**
     * One table of a verified copy.
     *
     * @param checksum SHA-256 (hex) over the table's rows in key order, the same on both databases
     */
    record TableCopy(String table, long rows, String checksum) {
    }

    /** A copy that was verified: every table has the same rows and checksum on both sides. */
    record Report(String source, String target, List<TableCopy> tables, Duration took) {
        public long rows() {
            return tables.stream().mapToLong(TableCopy::rows).sum();
        }
    }

    /**
     * Copies into the DataSource service whose {@code dataSourceName} is {@code targetDataSourceName}; creates
     * its schema first (the same migrations). Nothing is changed in the database in use.
     *
     * @throws IllegalArgumentException when no such DataSource exists, it is the one in use, or its
     *                                  database is not empty
     * @throws StorageException         when the copy fails or does not verify; the message says which table
     */
    Report copyTo(String targetDataSourceName, Progress progress);
}
