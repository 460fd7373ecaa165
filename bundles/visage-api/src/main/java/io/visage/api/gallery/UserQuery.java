package io.visage.api.gallery;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Filters of {@code GET /v1/users}; every one optional.
 *
 * @param createdGte inclusive lower bound of the creation time
 * @param createdLt  exclusive upper bound of the creation time
 */
public record UserQuery(Optional<String> userReference, Optional<Instant> createdGte, Optional<Instant> createdLt,
        OptionalInt limit) {
    public static UserQuery all() {
        return new UserQuery(Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty());
    }
}
