package io.visage.rest.internal;

import io.visage.api.face.LivenessResult;
import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.MatchDecision;

/** A match's decision as the seed states it: the status inside the match block and its message. */
final class MatchWording {
    private MatchWording() {
    }

    static int status(MatchDecision decision) {
        switch (decision) {
            case MATCH:
                return 200;
            case SPOOF:
                return 403;
            default:
                return 417;
        }
    }

    static String galleryMessage(MatchDecision decision) {
        switch (decision) {
            case MATCH:
                return "Face image match at Saffe grade.";
            case SPOOF:
                return "Match image detected as fraudulent.";
            default:
                return "Face image does not match at Saffe grade.";
        }
    }

    /** An ID match names the liveness hint when the selfie is a spoof, as the seed's examples do. */
    static String idMessage(GalleryMatch match) {
        switch (match.decision()) {
            case MATCH:
                return "ID successfully matched.";
            case SPOOF:
                return match.liveness().result().map(LivenessResult::message).orElse(galleryMessage(MatchDecision.SPOOF));
            default:
                return galleryMessage(MatchDecision.NO_MATCH);
        }
    }
}
