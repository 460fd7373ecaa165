package io.visage.api.history;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The seed's history filters, all optional.
 *
 * @param key           the transaction's key: {@code detection_key} or {@code match_key}
 * @param userReference the user a transaction concerns (gallery matches, user logs)
 * @param dateGte       inclusive lower bound
 * @param dateLt        exclusive upper bound
 * @param type          the operation type where a history has several (user logs: create, update, delete)
 */
public record HistoryQuery(Optional<String> key, Optional<String> userReference, Optional<Instant> dateGte,
        Optional<Instant> dateLt, OptionalInt limit, Optional<String> type) {

    public static HistoryQuery all() {
        return new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty());
    }
}
