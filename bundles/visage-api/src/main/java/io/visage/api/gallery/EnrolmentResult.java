package io.visage.api.gallery;

import java.util.Optional;

/**
 * The outcome of an enrolment. A failed liveness check is a result too (the seed answers 403 with the
 * liveness block); nothing is stored then.
 *
 * @param imageKey the saved image's key, when it was saved
 * @param template the ASCII-armoured OpenPGP message, when requested
 */
public record EnrolmentResult(boolean enrolled, Liveness liveness, Optional<String> imageKey,
        Optional<String> template) {
}
