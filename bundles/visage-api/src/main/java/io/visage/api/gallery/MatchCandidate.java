package io.visage.api.gallery;

import java.util.Optional;

/** One entry of a 1:N ranking: a user and its best score over its templates. */
public record MatchCandidate(String userReference, double score, Optional<String> imageKey) {
}
