package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

public class TenantWriteLocksTest {
    private final TenantWriteLocks locks = new TenantWriteLocks();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @After
    public void stop() {
        threads.shutdownNow();
    }

    /** Holds tenant 1's write open until released; returns once it is inside. */
    private CountDownLatch holdWrite(long tenant, CountDownLatch release) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        threads.submit(() -> locks.write(tenant, () -> {
            inside.countDown();
            await(release);
        }));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        return inside;
    }

    @Test
    public void anotherTenantsWriteDoesNotWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holdWrite(1, release);
        Future<String> other = threads.submit(() -> locks.write(2L, () -> "done"));
        assertEquals("done", other.get(5, TimeUnit.SECONDS));
        release.countDown();
    }

    @Test
    public void theSameTenantsWritesRunOneAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holdWrite(1, release);
        Future<String> same = threads.submit(() -> locks.write(1L, () -> "second"));
        Thread.sleep(200);
        assertFalse("waits for the first write", same.isDone());
        release.countDown();
        assertEquals("second", same.get(5, TimeUnit.SECONDS));
    }

    @Test
    public void aRebuildWaitsForWritesInProgressAndHoldsNewOnesBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holdWrite(1, release);
        Future<String> rebuild = threads.submit(() -> locks.rebuild(() -> "rebuilt"));
        Thread.sleep(200);
        assertFalse("the rebuild waits for the write in progress", rebuild.isDone());
        release.countDown();
        assertEquals("rebuilt", rebuild.get(5, TimeUnit.SECONDS));

        CountDownLatch rebuilding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        threads.submit(() -> locks.rebuild(() -> {
            rebuilding.countDown();
            await(finish);
            return null;
        }));
        assertTrue(rebuilding.await(5, TimeUnit.SECONDS));
        Future<String> write = threads.submit(() -> locks.write(3L, () -> "after"));
        Thread.sleep(200);
        assertFalse("a write waits for the rebuild", write.isDone());
        finish.countDown();
        assertEquals("after", write.get(5, TimeUnit.SECONDS));
    }

    @Test
    public void aRefusedWriteReleasesItsLock() throws Exception {
        try {
            locks.write(1L, () -> {
                throw new IllegalStateException("refused");
            });
        } catch (IllegalStateException expected) {
            // the lock must be free again
        }
        assertEquals("next", threads.submit(() -> locks.write(1L, () -> "next")).get(5, TimeUnit.SECONDS));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
