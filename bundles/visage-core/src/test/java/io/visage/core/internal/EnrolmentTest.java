package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.Test;

import io.visage.api.Refusal;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.gallery.EnrolmentRequest;
import io.visage.api.gallery.EnrolmentResult;
import io.visage.api.gallery.UserLog;
import io.visage.api.history.HistoryQuery;

public class EnrolmentTest extends GalleryFixture {

    @Test
    public void aRegisteredUserIsListedSearchableAndLogged() {
        EnrolmentResult result = register(ACME, "penny", "penny");
        assertTrue(result.enrolled());
        assertTrue(result.liveness().passed());
        assertTrue(result.imageKey().isPresent());
        assertEquals(List.of("penny"), references(ACME));
        assertEquals(List.of("penny"), templates.users(ACME.id()));
        assertTrue(gallery.image(ACME, result.imageKey().get()).isPresent());
        assertEquals(List.of("create"), gallery.userLogs(ACME, HistoryQuery.all()).stream().map(UserLog::type).toList());
    }

    @Test
    public void aReferenceIsRegisteredOnceAndUpdatedOnlyWhenItExists() {
        register(ACME, "penny", "penny");
        assertEquals(Refusal.USER_EXISTS, refusalOf(() -> register(ACME, "penny", "amy")));
        assertEquals(Refusal.USER_UNKNOWN, refusalOf(() -> update(ACME, "amy", "amy")));
        assertTrue(update(ACME, "penny", "penny-2").enrolled());
        assertEquals(List.of("create", "update"),
                gallery.userLogs(ACME, HistoryQuery.all()).stream().map(UserLog::type).toList());
        // Another tenant has a gallery of its own.
        assertTrue(register(BETA, "penny", "penny").enrolled());
    }

    @Test
    public void aSpoofIsNotEnrolledAndNothingIsStored() {
        EnrolmentResult result = gallery.register(ACME,
                new EnrolmentRequest("mallory", FakeStages.spoof("mallory"), true, true, false));
        assertFalse(result.enrolled());
        assertFalse(result.liveness().passed());
        assertEquals(0, storage.writes);
        assertEquals(List.of(), templates.users(ACME.id()));
    }

    @Test
    public void anImageWithoutAFaceIsRefusedByThePipeline() {
        FaceException refused = org.junit.Assert.assertThrows(FaceException.class, () -> gallery.register(ACME,
                new EnrolmentRequest("nobody", FakeStages.noFace(), false, true, false)));
        assertEquals(FaceError.NO_FACE, refused.error());
        assertEquals(0, storage.writes);
    }

    @Test
    public void theTemplateIsReturnedProtectedOnlyWhenAskedAndTheImageOnlyKeptWhenAsked() {
        EnrolmentResult result = gallery.register(ACME,
                new EnrolmentRequest("amy", FakeStages.face("amy"), false, false, true));
        assertEquals(Optional.of("sealed:1:" + FakeStages.MODEL), result.template());
        assertEquals(Optional.empty(), result.imageKey());
    }

    @Test
    public void aDeletedUserIsGoneFromStorageIndexAndGroupsButItsLogStays() {
        register(ACME, "penny", "penny");
        register(ACME, "amy", "amy");
        gallery.createGroup(ACME, "friends");
        gallery.addToGroup(ACME, "friends", "penny");
        gallery.delete(ACME, "penny");
        assertEquals(List.of("amy"), references(ACME));
        assertEquals(List.of("amy"), templates.users(ACME.id()));
        assertEquals(List.of(), gallery.memberships(ACME).get("friends"));
        assertEquals(set(), templates.groupsOf(ACME.id(), "penny"));
        assertEquals(3, gallery.userLogs(ACME, HistoryQuery.all()).size());
        assertEquals(Refusal.USER_UNKNOWN, refusalOf(() -> gallery.delete(ACME, "penny")));
        assertEquals(Refusal.GALLERY_UNKNOWN, refusalOf(() -> gallery.delete(BETA, "amy")));
    }

    @Test
    public void namesWithBlanksAtAnEndAreRefusedNotTrimmed() {
        register(ACME, "trimtest", "penny");
        for (String name : List.of("trimtest ", " trimtest", "trimtest\t", "trimtest\u00a0", "trim\ntest")) {
            assertEquals(name, Refusal.PARAMETER_MALFORMED, refusalOf(() -> register(ACME, name, "amy")));
            assertEquals(name, Refusal.PARAMETER_MALFORMED, refusalOf(() -> gallery.delete(ACME, name)));
            assertEquals(name, Refusal.PARAMETER_MALFORMED, refusalOf(() -> verify(ACME, name, FakeStages.face("penny"))));
        }
        assertEquals(List.of("user_reference"), refused(() -> register(ACME, "trimtest ", "amy")).details());
        assertEquals(Refusal.MISSING_PARAMETER, refusalOf(() -> register(ACME, "   ", "amy")));
        assertEquals(Refusal.MISSING_PARAMETER, refusalOf(() -> register(ACME, null, "amy")));
        assertEquals(List.of("trimtest"), references(ACME));
    }

    @Test
    public void namesAreOneIdentityAfterNfcAndCaseCounts() {
        String decomposed = "Jose\u0301";
        String composed = "Jos\u00e9";
        register(ACME, decomposed, "jose");
        assertEquals(Refusal.USER_EXISTS, refusalOf(() -> register(ACME, composed, "jose")));
        assertEquals(List.of(composed), references(ACME));
        assertEquals(1, gallery.queryUsers(ACME, new io.visage.api.gallery.UserQuery(Optional.of(decomposed),
                Optional.empty(), Optional.empty(), java.util.OptionalInt.empty())).size());
        assertTrue(update(ACME, composed, "jose").enrolled());
        assertEquals("match through either form", io.visage.api.gallery.MatchDecision.MATCH,
                verify(ACME, decomposed, FakeStages.face("jose")).decision());
        assertTrue("case is part of the name", register(ACME, "JOS\u00c9", "jose").enrolled());
    }

    @Test
    public void aNameIsAtMost255CharactersAfterNormalisation() {
        assertTrue(register(ACME, "x".repeat(255), "x").enrolled());
        assertEquals(List.of("user_reference", 255), refused(() -> register(ACME, "y".repeat(256), "y")).details());
        // 255 decomposed letters compose to 255 characters: accepted although 510 were sent.
        assertTrue(register(ACME, "e\u0301".repeat(255), "e").enrolled());
    }
}
