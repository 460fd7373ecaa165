package io.visage.core.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;
import io.visage.api.storage.GalleryStore;
import io.visage.api.tenant.ApiUser;

/** Gallery use cases, always scoped to the calling tenant. */
@Component
public final class DefaultGalleryService implements GalleryService {
    private final GalleryStore store;

    @Activate
    public DefaultGalleryService(@Reference GalleryStore store) {
        this.store = store;
    }

    @Override
    public List<GalleryUser> queryUsers(ApiUser tenant, UserQuery query) {
        return store.queryUsers(tenant.id(), query);
    }
}
