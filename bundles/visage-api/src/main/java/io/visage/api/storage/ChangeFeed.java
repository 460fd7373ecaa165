package io.visage.api.storage;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The database's log of committed gallery changes, for nodes that share one database and keep their own
 * indexes: a node reads what others wrote since it last looked and re-reads the state of each subject.
 * Every store write that changes what an index holds adds its {@link GalleryChange} in the same transaction.
 */
@ProviderType
public interface ChangeFeed {

    /** The changes with a sequence number above {@code afterSequence}, oldest first, at most {@code limit}. */
    List<GalleryChange> changesAfter(long afterSequence, int limit);

    /** The highest sequence number written so far; 0 when the feed is empty. */
    long latestSequence();

    /** The user's current templates (every model), empty when the user does not exist. */
    List<StoredFace> facesOf(long tenantId, String userReference);

    /** The groups the user belongs to now. */
    Set<String> groupsOf(long tenantId, String userReference);

    /** Removes changes written before {@code createdBeforeMs}; returns how many. */
    int prune(long createdBeforeMs);
}
