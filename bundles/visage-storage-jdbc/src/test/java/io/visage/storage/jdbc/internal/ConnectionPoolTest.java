package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.XADataSource;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.jdbc.DataSourceFactory;

public class ConnectionPoolTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private DerbyMemory db;
    private ConnectionPool pool;

    @Before
    public void setUp() throws Exception {
        db = new DerbyMemory();
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id INT NOT NULL PRIMARY KEY)");
        }
        pool = new ConnectionPool(db, 4);
    }

    @After
    public void tearDown() {
        pool.close();
    }

    @Test
    public void aReturnedConnectionIsReused() throws Exception {
        Connection first;
        try (Connection c = pool.open()) {
            first = c.unwrap(Connection.class);
            assertEquals(0, count(c));
        }
        assertEquals(1, pool.idleCount());
        for (int i = 0; i < 10; i++) {
            try (Connection c = pool.open()) {
                assertSame(first, c.unwrap(Connection.class));
                assertTrue(c.getAutoCommit());
            }
        }
        assertEquals(1, pool.physicalOpens());
        assertFalse("the physical connection stays open in the pool", first.isClosed());
    }

    @Test
    public void aConnectionReturnedMidTransactionIsRolledBackAndResetToAutoCommit() throws Exception {
        Connection physical;
        try (Connection c = pool.open()) {
            physical = c.unwrap(Connection.class);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            insert(c, 1);
            try (PreparedStatement leftOpen = c.prepareStatement("SELECT id FROM probe")) {
                leftOpen.executeQuery();
            }
            c.prepareStatement("SELECT id FROM probe").executeQuery(); // never closed by the caller
            // closed without commit
        }
        try (Connection next = pool.open()) {
            assertSame("the same physical connection", physical, next.unwrap(Connection.class));
            assertTrue(next.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, next.getTransactionIsolation());
            assertEquals("the uncommitted insert is gone", 0, count(next));
        }
        try (Connection other = db.open()) {
            assertEquals(0, count(other));
        }
        // And committed work stays.
        try (Connection c = pool.open()) {
            c.setAutoCommit(false);
            insert(c, 2);
            c.commit();
        }
        try (Connection c = db.open()) {
            assertEquals(1, count(c));
        }
    }

    @Test
    public void aClosedLeaseRefusesWorkAndClosingTwiceReturnsOnce() throws Exception {
        Connection c = pool.open();
        c.close();
        c.close();
        assertTrue(c.isClosed());
        assertThrows(SQLException.class, () -> c.createStatement());
        assertEquals(1, pool.idleCount());
        // Two leases at once get two physical connections.
        try (Connection a = pool.open(); Connection b = pool.open()) {
            assertNotSame(a.unwrap(Connection.class), b.unwrap(Connection.class));
        }
        assertEquals(2, pool.idleCount());
    }

    @Test
    public void aBrokenConnectionIsDiscardedNotReused() throws Exception {
        Connection broken;
        try (Connection c = pool.open()) {
            broken = c.unwrap(Connection.class);
        }
        broken.close(); // e.g. the database went away while it was idle
        try (Connection c = pool.open()) {
            assertNotSame(broken, c.unwrap(Connection.class));
            assertEquals(0, count(c));
        }
        assertEquals(2, pool.physicalOpens());
        // Broken while in use: the reset on return fails, and it is dropped.
        Connection lease = pool.open();
        lease.setAutoCommit(false);
        lease.unwrap(Connection.class).close();
        lease.close();
        assertEquals(0, pool.idleCount());
    }

    @Test
    public void noMoreThanMaxIdleAreKept() throws Exception {
        List<Connection> leases = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            leases.add(pool.open());
        }
        List<Connection> physicals = new ArrayList<>();
        for (Connection c : leases) {
            physicals.add(c.unwrap(Connection.class));
            c.close();
        }
        assertEquals(4, pool.idleCount());
        assertEquals(2, physicals.stream().filter(this::isClosedQuietly).count());
    }

    @Test
    public void zeroMaxIdleDisablesPooling() throws Exception {
        ConnectionPool off = new ConnectionPool(db, 0);
        Connection physical;
        try (Connection c = off.open()) {
            physical = c;
        }
        assertTrue(physical.isClosed());
        assertEquals(0, off.idleCount());
        off.close();
    }

    @Test
    public void closingThePoolClosesIdleConnectionsAndLeasesReturnedLater() throws Exception {
        Connection inUse = pool.open();
        Connection idlePhysical;
        try (Connection c = pool.open()) {
            idlePhysical = c.unwrap(Connection.class);
        }
        Connection inUsePhysical = inUse.unwrap(Connection.class);
        pool.close();
        assertTrue(idlePhysical.isClosed());
        assertFalse(inUsePhysical.isClosed());
        inUse.close();
        assertTrue(inUsePhysical.isClosed());
        assertEquals(0, pool.idleCount());
        assertThrows(SQLException.class, () -> pool.open());
    }

    @Test
    public void concurrentTransactionsSeeOnlyCommittedWork() throws Exception {
        int threads = 8;
        int perThread = 150;
        Jdbc jdbc = new Jdbc(pool);
        AtomicInteger ids = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int id = ids.incrementAndGet();
                        jdbc.inTransaction("insert", c -> insert(c, id));
                        // Every fourth unit of work fails after writing: its row must not survive.
                        if (i % 4 == 0) {
                            int doomed = -ids.incrementAndGet();
                            try {
                                jdbc.inTransaction("insert then fail", c -> {
                                    insert(c, doomed);
                                    throw new IllegalStateException("fails on purpose");
                                });
                            } catch (IllegalStateException expected) {
                                // rolled back
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : executor.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
        }
        try (Connection c = db.open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id) FROM probe")) {
            rs.next();
            assertEquals(threads * perThread, rs.getInt(1));
            assertTrue("no row of a failed unit of work", rs.getInt(2) > 0);
        }
        assertTrue(pool.idleCount() <= 4);
        assertTrue("connections were reused: " + pool.physicalOpens(), pool.physicalOpens() <= threads * 2);
    }

    @Test
    public void databaseClosesItsPoolBeforeTheDerbyShutdown() throws Exception {
        String name = "memory:pooldb" + COUNTER.incrementAndGet();
        Driver derby = DriverManager.getDriver("jdbc:derby:" + name + ";create=true");
        JdbcDatabase database = new JdbcDatabase(config("jdbc:derby:" + name + ";create=true", 2),
                new DriverOnly(derby));
        Connection physical;
        try (Connection c = database.open()) {
            physical = c.unwrap(Connection.class);
        }
        try (Connection c = database.open()) {
            assertSame(physical, c.unwrap(Connection.class));
        }
        assertEquals("one for the migration, reused ever since", 1, database.pool().physicalOpens());
        database.shutdown();
        assertTrue(physical.isClosed());
        assertThrows(SQLException.class, database::open);
        // The shutdown really happened: an in-memory database that was shut down can be dropped.
        try {
            DriverManager.getConnection("jdbc:derby:" + name + ";drop=true");
        } catch (SQLException dropped) {
            assertEquals("08006", dropped.getSQLState());
        }
    }

    private boolean isClosedQuietly(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    private static Void insert(Connection c, int id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO probe (id) VALUES (?)")) {
            s.setInt(1, id);
            s.executeUpdate();
        }
        return null;
    }

    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM probe")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static JdbcDatabase.Config config(String url, int maxIdle) {
        return new JdbcDatabase.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JdbcDatabase.Config.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return "";
            }

            @Override
            public String _password() {
                return "";
            }

            @Override
            public String dataSourceFactory_target() {
                return "";
            }

            @Override
            public int maxIdleConnections() {
                return maxIdle;
            }
        };
    }

    /** A DataSourceFactory that only hands out the driver, as pax-jdbc's does. */
    private static final class DriverOnly implements DataSourceFactory {
        private final Driver driver;

        DriverOnly(Driver driver) {
            this.driver = driver;
        }

        @Override
        public Driver createDriver(Properties props) {
            return driver;
        }

        @Override
        public DataSource createDataSource(Properties props) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConnectionPoolDataSource createConnectionPoolDataSource(Properties props) {
            throw new UnsupportedOperationException();
        }

        @Override
        public XADataSource createXADataSource(Properties props) {
            throw new UnsupportedOperationException();
        }
    }
}
