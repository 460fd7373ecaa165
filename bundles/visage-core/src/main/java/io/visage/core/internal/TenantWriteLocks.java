package io.visage.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps each write's database change and index update together without making tenants wait on each other:
 * writes of one tenant run one at a time, writes of different tenants run side by side, and an index rebuild
 * (which reads the whole database, then swaps the index in) waits for the writes in progress and holds new ones
 * back until it is done, so none is lost between the read and the swap.
 */
final class TenantWriteLocks {
    private final ConcurrentHashMap<Long, ReentrantLock> tenants = new ConcurrentHashMap<>();
    private final ReadWriteLock rebuild = new ReentrantReadWriteLock();

    <T> T write(long tenantId, Supplier<T> change) {
        rebuild.readLock().lock();
        try {
            ReentrantLock tenant = tenants.computeIfAbsent(tenantId, id -> new ReentrantLock());
            tenant.lock();
            try {
                return change.get();
            } finally {
                tenant.unlock();
            }
        } finally {
            rebuild.readLock().unlock();
        }
    }

    void write(long tenantId, Runnable change) {
        write(tenantId, () -> {
            change.run();
            return null;
        });
    }

    <T> T rebuild(Supplier<T> work) {
        rebuild.writeLock().lock();
        try {
            return work.get();
        } finally {
            rebuild.writeLock().unlock();
        }
    }
}
