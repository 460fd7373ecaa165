package io.visage.api.gallery;

import java.time.Instant;

/** One entry of a user's history: {@code create}, {@code update} or {@code delete}. */
public record UserLog(String userReference, Instant date, String type) {
}
