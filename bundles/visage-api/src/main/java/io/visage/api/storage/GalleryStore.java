package io.visage.api.storage;

import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserLog;
import io.visage.api.gallery.UserQuery;
import io.visage.api.history.HistoryQuery;

/**
 * Gallery users, their faces (templates and saved images) and their log, per tenant. Every write is one
 * transaction that also writes the log entry: it happens completely or not at all.
 */
@ProviderType
public interface GalleryStore {

    /** Faces per page when an index is built from {@link #facesInPages}: 4,096 x ~2.1 KB at 512-d. */
    int INDEX_BUILD_PAGE = 4_096;

    /** Users ordered by creation time, oldest first, each with the key of its first saved image. */
    List<GalleryUser> queryUsers(long tenantId, UserQuery query);

    int countUsers(long tenantId);

    /** Whether the tenant has any gallery user: one indexed row read, whatever the gallery's size. */
    boolean hasUsers(long tenantId);

    boolean userExists(long tenantId, String userReference);

    /** Creates the user with its first face and logs {@code create}. @throws DuplicateException if it exists */
    StoredFace createUser(long tenantId, String userReference, NewFace face);

    /** Adds a face to an existing user and logs {@code update}; empty when there is no such user. */
    Optional<StoredFace> addFace(long tenantId, String userReference, NewFace face);

    /** Deletes the user, its faces, images and memberships, and logs {@code delete}. */
    boolean deleteUser(long tenantId, String userReference);

    List<UserLog> userLogs(long tenantId, HistoryQuery query);

    /** Every stored face of every tenant, for building an index. */
    void forEachFace(Consumer<StoredFace> consumer);

    /**
     * Up to {@code max} stored faces of every tenant whose id is above {@code afterFaceId}, in id order: storage
     * a page at a time, each page a short read of its own, so that an index built in the background over an
     * hour holds neither a transaction open that long nor the whole gallery in memory. Pages read at different
     * moments: a caller that needs a consistent view replays the writes made meanwhile.
     */
    List<StoredFace> facesAfter(long afterFaceId, int max);

    /**
     * Every stored face of every tenant in id order, read through {@link #facesAfter} a page at a time as the
     * stream is consumed: an index built from it holds one page of storage, not the gallery.
     */
    default Stream<StoredFace> facesInPages(int pageSize) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new FacePages(this, pageSize),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The first saved image of each given user that has one. */
    java.util.Map<String, String> firstImageKeys(long tenantId, java.util.Collection<String> userReferences);

    Optional<byte[]> image(long tenantId, String imageKey);
}
