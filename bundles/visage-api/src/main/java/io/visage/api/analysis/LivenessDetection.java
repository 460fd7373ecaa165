package io.visage.api.analysis;

import java.time.Instant;

/**
 * One stored liveness transaction.
 *
 * @param status  200 when a live person was detected, 403 when not
 * @param message "Live person detected." or the reason it failed
 * @param score   the liveness model's score (probability of a live face, 0..1)
 */
public record LivenessDetection(String detectionKey, Instant date, int status, String message, double score,
        double threshold) {
}
