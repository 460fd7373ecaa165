package io.visage.api.gallery;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.tenant.ApiUser;

/** Gallery use cases as the REST layer calls them. */
@ProviderType
public interface GalleryService {

    List<GalleryUser> queryUsers(ApiUser tenant, UserQuery query);
}
