package io.visage.rest.internal;

import java.util.Map;

import io.visage.api.face.LivenessResult;
import io.visage.api.gallery.Liveness;

/** The liveness blocks of the gallery endpoints, in the seed's shapes. */
final class LivenessJson {
    static final String OFF = "liveness set to OFF at the request";

    private LivenessJson() {
    }

    /** Enrolment: {status, message, score, threshold}, or {message: "liveness set to OFF ..."}. */
    static Map<String, Object> enrolment(Liveness liveness) {
        Map<String, Object> json = Json.object();
        if (liveness.result().isEmpty()) {
            json.put("message", OFF);
            return json;
        }
        LivenessResult result = liveness.result().get();
        json.put("status", result.live() ? 200 : 403);
        json.put("message", result.live() ? "Live person detected" : result.message());
        json.put("score", Json.score(result.score()));
        json.put("threshold", Json.score(result.threshold()));
        return json;
    }

    /** Gallery match: {score, threshold}, or the string "liveness set to OFF at the request.". */
    static Object match(Liveness liveness) {
        if (liveness.result().isEmpty()) {
            return OFF + ".";
        }
        Map<String, Object> json = Json.object();
        json.put("score", Json.score(liveness.result().get().score()));
        json.put("threshold", Json.score(liveness.result().get().threshold()));
        return json;
    }

    /** ID match: {message, score, status, threshold}, or the string "liveness set to OFF at the request.". */
    static Object idMatch(Liveness liveness) {
        if (liveness.result().isEmpty()) {
            return OFF + ".";
        }
        LivenessResult result = liveness.result().get();
        Map<String, Object> json = Json.object();
        json.put("message", result.live() ? "Live person detected." : result.message());
        json.put("score", Json.score(result.score()));
        json.put("status", result.live() ? 200 : 403);
        json.put("threshold", Json.score(result.threshold()));
        return json;
    }
}
