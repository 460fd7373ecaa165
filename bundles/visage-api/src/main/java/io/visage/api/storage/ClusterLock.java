package io.visage.api.storage;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Lets one node among those sharing a database run a job that must not run twice at once (background
 * re-embedding). On PostgreSQL an advisory lock held by one of the node's connections: a node that dies loses
 * it with its connection. On an embedded database there is one node, and the lock is that process's.
 */
@ProviderType
public interface ClusterLock {

    /** Held until closed. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** The lease of {@code job} when no node holds it now; empty when another node (or thread) does. */
    Optional<Lease> tryAcquire(String job);
}
