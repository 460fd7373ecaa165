package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import io.visage.api.Refusal;
import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.IdMatchRequest;
import io.visage.api.gallery.MatchCandidate;
import io.visage.api.gallery.MatchDecision;
import io.visage.api.history.HistoryQuery;

public class MatchingTest extends GalleryFixture {

    @Test
    public void verificationDecidesByTheModelsGradeAndIsStored() {
        register(ACME, "penny", "penny");
        register(ACME, "amy", "amy");
        GalleryMatch same = verify(ACME, "penny", FakeStages.face("penny"));
        assertEquals(MatchDecision.MATCH, same.decision());
        assertEquals(1.0, same.score(), 1e-5);
        assertEquals(Matching.DEFAULT_GRADE, same.saffeGrade(), 0);
        assertEquals(Optional.of("penny"), same.userReference());
        assertTrue("probe saved", same.imageKey().isPresent());
        GalleryMatch other = verify(ACME, "penny", FakeStages.face("amy"));
        assertEquals(MatchDecision.NO_MATCH, other.decision());
        assertEquals(List.of(same.matchKey(), other.matchKey()),
                gallery.matches(ACME, HistoryQuery.all()).stream().map(GalleryMatch::matchKey).toList());
    }

    @Test
    public void aSpoofDecidesNothingWhateverItsScore() {
        register(ACME, "penny", "penny");
        GalleryMatch spoof = verify(ACME, "penny", FakeStages.spoof("penny"));
        assertEquals(MatchDecision.SPOOF, spoof.decision());
        assertEquals(1.0, spoof.score(), 1e-5);
    }

    @Test
    public void identificationRanksUsersBestFirstWithTheirImages() {
        register(ACME, "penny", "penny");
        register(ACME, "amy", "amy");
        register(ACME, "howard", "howard");
        update(ACME, "amy", "penny");
        GalleryMatch found = identify(ACME, FakeStages.face("penny"), 3);
        List<MatchCandidate> ranking = found.ranking();
        assertEquals(3, ranking.size());
        assertEquals(set("penny", "amy"), set(ranking.get(0).userReference(), ranking.get(1).userReference()));
        assertEquals("howard", ranking.get(2).userReference());
        assertTrue(ranking.stream().allMatch(c -> c.imageKey().isPresent()));
        assertEquals(MatchDecision.MATCH, found.decision());
        assertEquals(Optional.empty(), found.imageKey());
        assertEquals(1, identify(ACME, FakeStages.face("howard"), 1).ranking().size());
    }

    @Test
    public void requestsThatCannotBeAnsweredAreRefusedBeforeThePipelineRuns() {
        assertEquals(Refusal.GALLERY_EMPTY, refusalOf(() -> identify(ACME, FakeStages.face("penny"), 1)));
        register(ACME, "penny", "penny");
        assertEquals(Refusal.MATCHED_USER_UNKNOWN, refusalOf(() -> verify(ACME, "amy", FakeStages.face("penny"))));
        assertEquals(List.of(10), refused(() -> identify(ACME, FakeStages.face("penny"), 11)).details());
        assertEquals(Refusal.TOP_N_OUT_OF_RANGE, refusalOf(() -> identify(ACME, FakeStages.face("penny"), 0)));
        assertEquals(Refusal.GROUP_UNKNOWN, refusalOf(() -> identify(ACME, FakeStages.face("penny"), 1, "vip")));
        // None of them ran the pipeline (an image without a face would have been refused by it otherwise).
        assertEquals(Refusal.MATCHED_USER_UNKNOWN, refusalOf(() -> verify(ACME, "amy", FakeStages.noFace())));
        assertEquals(List.of(), gallery.matches(ACME, HistoryQuery.all()));
    }

    @Test
    public void aConfiguredGradeReplacesTheModelsOwn() {
        GalleryService strict = service(new GallerySettings(0.999, 0.5, 10, Map.of()));
        register(ACME, "penny", "penny");
        GalleryMatch match = strict.match(ACME, new io.visage.api.gallery.MatchRequest(FakeStages.face("penny"),
                Optional.empty(), 1, List.of(), false, false));
        assertEquals(0.999, match.saffeGrade(), 0);
        assertEquals(MatchDecision.MATCH, match.decision());
        GalleryMatch id = strict.idMatch(ACME, new IdMatchRequest(FakeStages.face("amy"), FakeStages.face("penny"),
                false, false));
        assertEquals(0.5, id.saffeGrade(), 0);
        assertEquals(MatchDecision.NO_MATCH, id.decision());
    }

    @Test
    public void anIdMatchComparesTheSelfieWithTheDocumentsPortrait() {
        GalleryMatch match = gallery.idMatch(ACME, new IdMatchRequest(FakeStages.face("penny"),
                FakeStages.face("penny"), true, true));
        assertEquals(MatchDecision.MATCH, match.decision());
        GalleryMatch spoof = gallery.idMatch(ACME, new IdMatchRequest(FakeStages.spoof("penny"),
                FakeStages.face("penny"), true, false));
        assertEquals(MatchDecision.SPOOF, spoof.decision());
        assertEquals(2, gallery.idMatches(ACME, HistoryQuery.all()).size());
        assertEquals(List.of(), gallery.matches(ACME, HistoryQuery.all()));
    }
}
