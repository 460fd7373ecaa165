package io.visage.api.gallery;

import java.time.Instant;
import java.util.Optional;

/**
 * A user enrolled in a tenant's gallery.
 *
 * @param imageKey the key of its first saved image, if one was saved (served at /v1/images/{key})
 */
public record GalleryUser(String userReference, Instant created, Optional<String> imageKey) {
}
