package io.visage.api.gallery;

import java.time.Instant;
import java.util.Optional;

/**
 * A user enrolled in a tenant's gallery.
 *
 * @param imagePath the tenant-relative path of its first saved image, if one was saved
 */
public record GalleryUser(String userReference, Instant created, Optional<String> imagePath) {
}
