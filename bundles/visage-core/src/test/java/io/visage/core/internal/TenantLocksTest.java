package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import io.visage.api.storage.DuplicateException;
import io.visage.api.storage.StorageException;

public class TenantLocksTest {
    private final TenantLocks locks = new TenantLocks();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @After
    public void stop() {
        threads.shutdownNow();
    }

    private void holdWrite(long tenant, CountDownLatch release) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        threads.submit(() -> locks.write(tenant, () -> {
            inside.countDown();
            await(release);
            return null;
        }));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
    }

    @Test
    public void anotherTenantNeverWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holdWrite(1, release);
        assertEquals("write", threads.submit(() -> locks.write(2L, () -> "write")).get(5, TimeUnit.SECONDS));
        assertEquals("read", threads.submit(() -> locks.read(2L, () -> "read")).get(5, TimeUnit.SECONDS));
        release.countDown();
    }

    @Test
    public void aTenantsReadsAndWritesDoNotOverlapItsWrite() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holdWrite(1, release);
        Future<String> write = threads.submit(() -> locks.write(1L, () -> "second"));
        Future<String> read = threads.submit(() -> locks.read(1L, () -> "read"));
        Thread.sleep(200);
        assertFalse("a write waits for the write", write.isDone());
        assertFalse("a read waits for the write", read.isDone());
        release.countDown();
        assertEquals("second", write.get(5, TimeUnit.SECONDS));
        assertEquals("read", read.get(5, TimeUnit.SECONDS));
    }

    @Test
    public void aTenantsReadsRunSideBySide() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        threads.submit(() -> locks.read(1L, () -> {
            inside.countDown();
            await(release);
            return null;
        }));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        assertEquals("beside", threads.submit(() -> locks.read(1L, () -> "beside")).get(5, TimeUnit.SECONDS));
        release.countDown();
    }

    @Test
    public void aRefusedWriteReleasesItsLock() throws Exception {
        assertThrows(IllegalStateException.class, () -> locks.write(1L, () -> {
            throw new IllegalStateException("refused");
        }));
        assertEquals("next", threads.submit(() -> locks.write(1L, () -> "next")).get(5, TimeUnit.SECONDS));
    }

    @Test
    public void aTransactionTheDatabaseRolledBackForADeadlockRunsAgain() {
        for (String state : new String[] {"40001", "40XL1", "40XL2", "40P01"}) {
            AtomicInteger attempts = new AtomicInteger();
            assertEquals(state, "done", locks.write(1L, () -> {
                if (attempts.incrementAndGet() < 3) {
                    throw new StorageException("delete user failed",
                            new SQLTransactionRollbackException("deadlock", state));
                }
                return "done";
            }));
            assertEquals(state, 3, attempts.get());
        }
    }

    @Test
    public void otherFailuresAndLastingConflictsAreNotHidden() {
        AtomicInteger attempts = new AtomicInteger();
        DuplicateException duplicate = new DuplicateException("user x: already exists", new SQLException("dup", "23505"));
        assertSame(duplicate, assertThrows(DuplicateException.class, () -> locks.write(1L, () -> {
            attempts.incrementAndGet();
            throw duplicate;
        })));
        assertEquals(1, attempts.get());

        attempts.set(0);
        SQLException chained = new SQLException("batch failed", "XJ001");
        chained.setNextException(new SQLException("deadlock", "40001"));
        assertThrows(StorageException.class, () -> locks.read(1L, () -> {
            attempts.incrementAndGet();
            throw new StorageException("query failed", chained);
        }));
        assertEquals(Conflicts.ATTEMPTS, attempts.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
