package io.visage.api.admin;

import java.util.Map;
import java.util.Optional;

/**
 * One tenant's gallery at a glance.
 *
 * @param templatesPerModel templates per embedding model ({@code name:version}), most first
 * @param activeModel       the model its matching uses
 */
public record TenantGallery(String apiUser, int users, int images, Map<String, Integer> templatesPerModel,
        Optional<String> activeModel) {
}
