package io.visage.api.storage;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.gallery.GalleryMatch;
import io.visage.api.history.HistoryQuery;

/** Matching transactions (gallery and ID), per tenant, with their saved images. */
@ProviderType
public interface MatchStore {

    enum Kind { GALLERY, ID }

    /**
     * Stores the transaction and its images in one transaction.
     *
     * @return the match with the saved probe image's key filled in
     */
    GalleryMatch insert(long tenantId, Kind kind, GalleryMatch match, Optional<byte[]> image,
            Optional<byte[]> secondImage);

    /** {@link HistoryQuery#key()} is the match key; {@link HistoryQuery#userReference()} the 1:1 user. */
    List<GalleryMatch> query(long tenantId, Kind kind, HistoryQuery query);
}
