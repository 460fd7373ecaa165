package io.visage.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Orders the gallery's database work per tenant so that its transactions never wait on each other's row
 * locks in a cycle (a deadlock that Derby only breaks after its 20 s deadlock timeout): the writes of one
 * tenant run one at a time, its reads run side by side but not beside one of its writes, and nothing of
 * one tenant ever waits for another tenant. Only database round trips and the index update of a write run
 * under these locks, never the face pipeline. A transaction the database gives up to break a deadlock or a
 * serialisation conflict anyway (a row another component changes) is run again ({@link Conflicts}).
 */
final class TenantLocks {
    private final ConcurrentHashMap<Long, ReentrantReadWriteLock> tenants = new ConcurrentHashMap<>();

    private ReentrantReadWriteLock of(long tenantId) {
        return tenants.computeIfAbsent(tenantId, id -> new ReentrantReadWriteLock());
    }

    /** Runs a change of the tenant's gallery alone among the tenant's gallery work. */
    <T> T write(long tenantId, Supplier<T> change) {
        return under(of(tenantId).writeLock(), change);
    }

    /** Runs a read (or an insert of a transaction record) beside the tenant's other reads. */
    <T> T read(long tenantId, Supplier<T> read) {
        return under(of(tenantId).readLock(), read);
    }

    private static <T> T under(Lock lock, Supplier<T> work) {
        lock.lock();
        try {
            return Conflicts.retry(work);
        } finally {
            lock.unlock();
        }
    }
}
