package io.visage.api.storage;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/** Retention: removal of old transactions. User logs and galleries are never purged by it. */
@ProviderType
public interface RetentionStore {

    /** Deletes gallery/ID matches and liveness detections older than the cutoff, with their saved images. */
    int purgeTransactionsBefore(Instant cutoff);
}
