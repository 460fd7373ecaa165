package io.visage.rest.internal;

import io.visage.api.face.LivenessResult;
import io.visage.api.gallery.Liveness;
import io.visage.rest.internal.wire.EnrolmentLiveness;
import io.visage.rest.internal.wire.GalleryMatchAnswer.MatchLiveness;
import io.visage.rest.internal.wire.IdMatchAnswer.IdMatchLiveness;

/** The liveness blocks of the gallery endpoints, in the seed's shapes. */
final class LivenessJson {
    static final String OFF = "liveness set to OFF at the request";

    private LivenessJson() {
    }

    /** Enrolment: {status, message, score, threshold}, or {message: "liveness set to OFF ..."}. */
    static EnrolmentLiveness enrolment(Liveness liveness) {
        if (liveness.result().isEmpty()) {
            return EnrolmentLiveness.off(OFF);
        }
        LivenessResult result = liveness.result().get();
        return new EnrolmentLiveness(result.live() ? 200 : 403,
                result.live() ? "Live person detected" : result.message(), Json.score(result.score()),
                Json.score(result.threshold()));
    }

    /** Gallery match: {score, threshold}, or the string "liveness set to OFF at the request.". */
    static Object match(Liveness liveness) {
        if (liveness.result().isEmpty()) {
            return OFF + ".";
        }
        return new MatchLiveness(Json.score(liveness.result().get().score()),
                Json.score(liveness.result().get().threshold()));
    }

    /** ID match: {message, score, status, threshold}, or the string "liveness set to OFF at the request.". */
    static Object idMatch(Liveness liveness) {
        if (liveness.result().isEmpty()) {
            return OFF + ".";
        }
        LivenessResult result = liveness.result().get();
        return new IdMatchLiveness(result.live() ? "Live person detected." : result.message(),
                Json.score(result.score()), result.live() ? 200 : 403, Json.score(result.threshold()));
    }
}
