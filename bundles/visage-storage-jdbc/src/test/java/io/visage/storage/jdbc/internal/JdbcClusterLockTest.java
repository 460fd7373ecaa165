package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;

import io.visage.api.storage.ClusterLock;

/** Runs on Derby and, in the PostgreSQL run, on two "nodes" (two lock components) over one database. */
public class JdbcClusterLockTest {

    @Test
    public void oneHolderAtATimeAcrossNodesAndReleasedOnClose() throws Exception {
        TestDatabase db = new TestDatabase();
        JdbcClusterLock nodeA = new JdbcClusterLock(db);
        JdbcClusterLock nodeB = TestDatabase.isPostgresql() ? new JdbcClusterLock(db) : nodeA;

        Optional<ClusterLock.Lease> first = nodeA.tryAcquire("reembedding");
        assertTrue(first.isPresent());
        assertTrue("held: nobody else gets it", nodeB.tryAcquire("reembedding").isEmpty());
        assertTrue("the same node's second caller neither", nodeA.tryAcquire("reembedding").isEmpty());
        Optional<ClusterLock.Lease> other = nodeB.tryAcquire("purge");
        assertTrue("another job is another lock", other.isPresent());
        other.get().close();
        first.get().close();
        Optional<ClusterLock.Lease> again = nodeB.tryAcquire("reembedding");
        assertTrue("released on close", again.isPresent());
        again.get().close();
    }

    @Test
    public void keysAreStableAcrossNodes() {
        assertEquals(JdbcClusterLock.key("reembedding"), JdbcClusterLock.key("reembedding"));
        assertTrue(JdbcClusterLock.key("reembedding") != JdbcClusterLock.key("purge"));
    }
}
