package io.visage.storage.jdbc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.storage.ClusterLock;
import io.visage.api.storage.StorageException;

/**
 * PostgreSQL: a session advisory lock ({@code pg_try_advisory_lock}) on a connection kept for the lease, so the
 * lock goes with a node that dies. Derby (embedded, one node): a lock of this process. Either way a second
 * caller in the same process is refused too (a semaphore: not even the holding thread gets it twice).
 */
@Component(service = ClusterLock.class)
public final class JdbcClusterLock implements ClusterLock {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcClusterLock.class);

    private final ConnectionSource connections;
    private final Map<String, Semaphore> local = new ConcurrentHashMap<>();

    @Activate
    public JdbcClusterLock(@Reference ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public Optional<Lease> tryAcquire(String job) {
        Semaphore inProcess = local.computeIfAbsent(job, j -> new Semaphore(1));
        if (!inProcess.tryAcquire()) {
            return Optional.empty();
        }
        Connection connection = null;
        try {
            connection = connections.open();
            if (Dialect.of(connection) != Dialect.POSTGRESQL) {
                connection.close();
                return Optional.of(inProcess::release);
            }
            long key = key(job);
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        connection.close();
                        inProcess.release();
                        return Optional.empty();
                    }
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            Connection held = connection;
            return Optional.of(() -> release(held, key, inProcess));
        } catch (SQLException e) {
            closeQuietly(connection);
            inProcess.release();
            throw new StorageException("cluster lock " + job + " failed", e);
        }
    }

    private static void release(Connection connection, long key, Semaphore inProcess) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException e) {
            // The lock is released with the session anyway; a pooled connection is closed below.
            LOG.warn("Releasing an advisory lock failed: {}", e.toString());
        } finally {
            closeQuietly(connection);
            inProcess.release();
        }
    }

    /** The same 64-bit key for a job name on every node. */
    static long key(String job) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("visage:" + job).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do with it
            }
        }
    }
}
