package io.visage.api.gallery;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v2/gallery_matches}: 1:1 against {@code userReference} when present, else 1:N over the
 * tenant's gallery (restricted to users of any of {@code groups} when given), ranking {@code topN} users.
 */
public record MatchRequest(byte[] image, Optional<String> userReference, int topN, List<String> groups,
        boolean liveness, boolean saveImage) {
}
