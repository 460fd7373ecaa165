package io.visage.storage.jdbc.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of idle connections. {@link #open()} hands out a proxy; its {@code close()} closes the
 * statements made through it, rolls back whatever was left uncommitted, restores auto-commit, read-only and the
 * isolation level and puts the physical connection back, unless the pool already holds {@code maxIdle} idle
 * connections, is closed, or the connection fails any of that (then it is closed and forgotten). Idle
 * connections are checked with {@link Connection#isValid} before they are handed out again. There is no limit
 * on connections in use: a caller never waits for the pool, a burst just opens more and closes the surplus.
 * {@code maxIdle} 0 disables pooling ({@link #open()} opens a new connection every time).
 */
final class ConnectionPool implements ConnectionSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;
    private static final Class<?>[] INTERFACES = {Connection.class};

    private final ConnectionSource physical;
    private final int maxIdle;
    /** Most recently returned first: the connections in use keep warm, a surplus after a burst is not reused. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    private final AtomicLong physicalOpens = new AtomicLong();
    private volatile boolean closed;

    ConnectionPool(ConnectionSource physical, int maxIdle) {
        if (maxIdle < 0) {
            throw new IllegalArgumentException("maxIdle must be 0 or more, not " + maxIdle);
        }
        this.physical = physical;
        this.maxIdle = maxIdle;
    }

    @Override
    public Connection open() throws SQLException {
        if (maxIdle == 0) {
            ensureOpen();
            physicalOpens.incrementAndGet();
            return physical.open();
        }
        while (true) {
            Idle candidate;
            synchronized (this) {
                ensureOpen();
                candidate = idle.pollFirst();
            }
            if (candidate == null) {
                break;
            }
            if (isValid(candidate.connection)) {
                return lease(candidate);
            }
            discard(candidate.connection, "failed validation");
        }
        Connection connection = physical.open();
        physicalOpens.incrementAndGet();
        try {
            return lease(new Idle(connection, connection.getTransactionIsolation()));
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Closes the idle connections; connections in use are closed when they are returned. */
    @Override
    public void close() {
        List<Idle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        for (Idle i : toClose) {
            closeQuietly(i.connection);
        }
    }

    synchronized int idleCount() {
        return idle.size();
    }

    long physicalOpens() {
        return physicalOpens.get();
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("The connection pool is closed", "08003");
        }
    }

    private Connection lease(Idle connection) {
        return (Connection) Proxy.newProxyInstance(ConnectionPool.class.getClassLoader(), INTERFACES,
                new Lease(connection));
    }

    /** Back into the pool, clean, or closed. */
    private void release(Idle returned, List<Statement> statements) {
        Connection connection = returned.connection;
        for (Statement statement : statements) {
            try {
                statement.close();
            } catch (SQLException e) {
                discard(connection, "a statement did not close: " + e);
                return;
            }
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (connection.isReadOnly()) {
                connection.setReadOnly(false);
            }
            if (connection.getTransactionIsolation() != returned.isolation) {
                connection.setTransactionIsolation(returned.isolation);
            }
            connection.clearWarnings();
        } catch (SQLException | RuntimeException e) {
            discard(connection, "it could not be reset: " + e);
            return;
        }
        synchronized (this) {
            if (!closed && idle.size() < maxIdle) {
                idle.addFirst(returned);
                return;
            }
        }
        closeQuietly(connection);
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static void discard(Connection connection, String why) {
        LOG.debug("Discarding a pooled connection: {}", why);
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // Closing a broken connection: nothing else to do with it.
            LOG.debug("Closing a pooled connection failed", e);
        }
    }

    private static final class Idle {
        final Connection connection;
        /** The isolation level the connection was opened with, restored when it is returned. */
        final int isolation;

        Idle(Connection connection, int isolation) {
            this.connection = connection;
            this.isolation = isolation;
        }
    }

    /** One borrowing of a physical connection; every call after close() fails as on a closed connection. */
    private final class Lease implements InvocationHandler {
        private final Idle pooled;
        private final List<Statement> statements = new ArrayList<>();
        private boolean returned;

        Lease(Idle pooled) {
            this.pooled = pooled;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (!returned) {
                        returned = true;
                        release(pooled, statements);
                    }
                    return null;
                case "isClosed":
                    return returned || pooled.connection.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "pooled " + pooled.connection;
                default:
                    break;
            }
            if (returned) {
                throw new SQLException("Connection closed", "08003");
            }
            if ("abort".equals(method.getName())) {
                returned = true; // never back into the pool
            }
            Object result;
            try {
                result = method.invoke(pooled.connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement) {
                statements.add((Statement) result);
            }
            return result;
        }
    }
}
