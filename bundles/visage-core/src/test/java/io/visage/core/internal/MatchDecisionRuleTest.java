package io.visage.core.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import io.visage.api.face.LivenessResult;
import io.visage.api.gallery.Liveness;
import io.visage.api.gallery.MatchDecision;

public class MatchDecisionRuleTest {
    private static final Liveness SPOOFED = Liveness.of(new LivenessResult(0.01, 0.3, false, "spoof", "fr_liveness", "0.0.1"));
    private static final Liveness LIVE = Liveness.of(new LivenessResult(0.99, 0.3, true, "live", "fr_liveness", "0.0.1"));

    @Test
    public void theGradeDecidesWhenTheProbeIsLiveOrLivenessIsOff() {
        assertEquals(MatchDecision.MATCH, Matching.decision(Liveness.OFF, 0.43, 0.43));
        assertEquals(MatchDecision.NO_MATCH, Matching.decision(Liveness.OFF, 0.4299, 0.43));
        assertEquals(MatchDecision.MATCH, Matching.decision(LIVE, 0.9, 0.43));
    }

    @Test
    public void aSpoofDecidesNothingWhateverItsScore() {
        assertEquals(MatchDecision.SPOOF, Matching.decision(SPOOFED, 0.99, 0.43));
        assertEquals(MatchDecision.SPOOF, Matching.decision(SPOOFED, 0.1, 0.43));
    }
}
