package io.visage.api.storage;

import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Stored gallery users of each tenant. Every method is scoped to one tenant. */
@ProviderType
public interface GalleryStore {

    /** Users ordered by creation time, oldest first. */
    List<GalleryUser> queryUsers(long tenantId, UserQuery query);
}
