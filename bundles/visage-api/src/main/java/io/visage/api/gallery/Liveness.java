package io.visage.api.gallery;

import java.util.Optional;

import io.visage.api.face.LivenessResult;

/**
 * How liveness went for a request: off at the client's request, or the result of the check.
 */
public record Liveness(Optional<LivenessResult> result) {
    public static final Liveness OFF = new Liveness(Optional.empty());

    public static Liveness of(LivenessResult result) {
        return new Liveness(Optional.of(result));
    }

    public boolean requested() {
        return result.isPresent();
    }

    /** True when liveness was off or the face was judged live. */
    public boolean passed() {
        return result.map(LivenessResult::live).orElse(true);
    }
}
