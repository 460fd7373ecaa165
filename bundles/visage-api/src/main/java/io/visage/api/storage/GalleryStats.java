package io.visage.api.storage;

import java.util.Map;

/** What a tenant's gallery holds; templates are counted per embedding model ({@code name:version}). */
public record GalleryStats(long tenantId, int users, int images, Map<String, Integer> templatesPerModel) {
}
