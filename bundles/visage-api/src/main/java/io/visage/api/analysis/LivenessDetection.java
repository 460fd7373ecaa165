package io.visage.api.analysis;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.visage.api.face.CaptureState;
import io.visage.api.face.FaceError;

/**
 * One stored liveness transaction: either judged (a live person or not), or refused by a capture check before
 * liveness could be judged ({@link #refusal()}).
 *
 * @param status  200 when a live person was detected, 403 when not; 0 when refused
 * @param message "Live person detected." or the reason it failed; empty when refused
 * @param score   the liveness model's score (probability of a live face, 0..1); 0 when refused
 * @param threshold the threshold the score was judged against; 0 when refused
 * @param refusal why the capture was refused (a capture state's error: no face, too close, too far, not centred,
 *     wrong orientation); empty when liveness was judged
 */
public record LivenessDetection(String detectionKey, Instant date, int status, String message, double score,
        double threshold, Optional<FaceError> refusal) {

    public LivenessDetection {
        Objects.requireNonNull(refusal, "refusal");
        refusal.ifPresent(error -> {
            if (!isCaptureRefusal(error)) {
                throw new IllegalArgumentException(error + " is not a capture refusal");
            }
        });
    }

    /** A judged detection. */
    public LivenessDetection(String detectionKey, Instant date, int status, String message, double score,
            double threshold) {
        this(detectionKey, date, status, message, score, threshold, Optional.empty());
    }

    /** A request whose image a capture check refused; nothing was judged. */
    public static LivenessDetection refused(String detectionKey, Instant date, FaceError refusal) {
        return new LivenessDetection(detectionKey, date, 0, "", 0, 0, Optional.of(refusal));
    }

    public boolean refused() {
        return refusal.isPresent();
    }

    /**
     * Whether the error is one a capture check answers with (some {@link CaptureState}'s error), that is a
     * refusal of an image that was decoded and looked at, as opposed to an unreadable upload or a missing stage.
     */
    public static boolean isCaptureRefusal(FaceError error) {
        for (CaptureState state : CaptureState.values()) {
            if (state.error() == error && error != null) {
                return true;
            }
        }
        return false;
    }
}
