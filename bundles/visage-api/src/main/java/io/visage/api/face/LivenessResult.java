package io.visage.api.face;

import java.util.Objects;

/**
 * Outcome of a passive liveness check.
 *
 * @param score        probability that the face is live (bona fide), 0..1
 * @param threshold    the decision threshold in use: live when {@code score >= threshold}
 * @param live         the decision
 * @param message      for a failed check a hint for the user (for example about background light) or a
 *                     generic message; {@code null} when live
 * @param modelName    the liveness model
 * @param modelVersion its version
 */
public record LivenessResult(double score, double threshold, boolean live, String message,
                             String modelName, String modelVersion) {

    /** Hint when the background of the face is overexposed (the seed's message). */
    public static final String HINT_BACKGROUND_LIGHT = "Please try to avoid excessive light in the background.";
    /** Message for a failed check without a measurable cause. */
    public static final String GENERIC_FAILURE = "The face did not pass the liveness check. Try another image.";

    public LivenessResult {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /**
     * Combines the checks of two images of one capture: both must pass, so the result is the one with the
     * lower score (its message included).
     */
    public static LivenessResult combine(LivenessResult first, LivenessResult second) {
        if (second == null) {
            return first;
        }
        if (first == null) {
            return second;
        }
        return second.score < first.score ? second : first;
    }
}
