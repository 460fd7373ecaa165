package io.visage.api.gallery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stored gallery (or ID) matching transaction.
 *
 * @param decision      match, no match, or a spoof (liveness failed)
 * @param score         the best similarity (cosine)
 * @param saffeGrade    the decision threshold in force
 * @param userReference the 1:1 user; empty for 1:N
 * @param imageKey      the saved probe image
 * @param ranking       1:N only: the best users, best first
 */
public record GalleryMatch(String matchKey, Instant date, MatchDecision decision, double score,
        double saffeGrade, Optional<String> userReference, Optional<String> imageKey, Liveness liveness,
        List<MatchCandidate> ranking) {
}
