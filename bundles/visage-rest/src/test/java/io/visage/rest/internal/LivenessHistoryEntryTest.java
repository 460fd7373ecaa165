package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;

import org.junit.Test;

import io.visage.api.analysis.LivenessDetection;
import io.visage.api.face.FaceError;
import io.visage.rest.internal.wire.LivenessList;

/** The liveness history's entries: judged detections as the seed shows them, capture refusals as answered. */
public class LivenessHistoryEntryTest {
    private static final Instant WHEN = Instant.ofEpochSecond(1_566_235_839L);

    @Test
    public void aJudgedDetectionHasItsScoreAndStatusOnly() {
        LivenessList.Entry entry = LivenessDetectionsResource.entry(
                new LivenessDetection("k", WHEN, 403, "Please try to avoid excessive light in the background.", 0.08698,
                        0.3));
        assertEquals(new LivenessList.Entry("Mon, 19 Aug 2019 17:30:39 GMT", "k", null, "0.0870", 403), entry);
    }

    @Test
    public void aCaptureRefusalHasTheStatusAndMessageItWasAnsweredWith() {
        assertEquals(new LivenessList.Entry("Mon, 19 Aug 2019 17:30:39 GMT", "k", "The face is too close.", null, 415),
                LivenessDetectionsResource.entry(LivenessDetection.refused("k", WHEN, FaceError.FACE_TOO_CLOSE)));
        assertEquals(new LivenessList.Entry("Mon, 19 Aug 2019 17:30:39 GMT", "k",
                "Could not detect a face. Try another image.", null, 400),
                LivenessDetectionsResource.entry(LivenessDetection.refused("k", WHEN, FaceError.NO_FACE)));
        for (FaceError error : FaceError.values()) {
            if (LivenessDetection.isCaptureRefusal(error)) {
                LivenessList.Entry entry = LivenessDetectionsResource.entry(LivenessDetection.refused("k", WHEN, error));
                assertEquals(SaffeErrors.of(error).status(), entry.status());
                assertEquals(SaffeErrors.of(error).template(), entry.message());
                assertNull(entry.score());
                assertTrue(error.name(), entry.status() == 400 || entry.status() == 415);
            }
        }
    }
}
