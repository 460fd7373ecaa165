package io.visage.core.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.visage.api.Refusal;
import io.visage.api.gallery.MatchCandidate;

public class GroupsTest extends GalleryFixture {

    @Test
    public void membersAreListedAndRestrictTheSearch() {
        register(ACME, "penny", "penny");
        register(ACME, "amy", "amy");
        gallery.createGroup(ACME, "friends");
        gallery.createGroup(ACME, "colleagues");
        gallery.addToGroup(ACME, "friends", "penny");
        assertEquals(List.of("colleagues", "friends"), gallery.groups(ACME));
        assertEquals(Map.of("colleagues", List.of(), "friends", List.of("penny")), gallery.memberships(ACME));
        assertEquals(set("friends"), templates.groupsOf(ACME.id(), "penny"));
        assertEquals(List.of("penny"), identify(ACME, FakeStages.face("amy"), 5, "friends").ranking().stream()
                .map(MatchCandidate::userReference).toList());
        assertEquals(Refusal.GALLERY_UNKNOWN, refusalOf(() -> identify(ACME, FakeStages.face("amy"), 5, "colleagues")));
    }

    @Test
    public void eachChangeIsRefusedWithItsReasonAndChangesNothing() {
        register(ACME, "penny", "penny");
        gallery.createGroup(ACME, "friends");
        assertEquals(Refusal.GROUP_EXISTS, refusalOf(() -> gallery.createGroup(ACME, "friends")));
        assertEquals(Refusal.GROUP_UNKNOWN, refusalOf(() -> gallery.addToGroup(ACME, "family", "penny")));
        assertEquals(Refusal.USER_UNKNOWN, refusalOf(() -> gallery.addToGroup(ACME, "friends", "amy")));
        assertEquals(Refusal.MEMBERSHIP_UNKNOWN, refusalOf(() -> gallery.removeFromGroup(ACME, "friends", "penny")));
        assertEquals(Refusal.GROUP_UNKNOWN, refusalOf(() -> gallery.removeFromGroup(ACME, "family", "penny")));
        assertEquals(Refusal.GROUP_UNKNOWN, refusalOf(() -> gallery.deleteGroup(ACME, "family")));
        assertEquals(Refusal.GROUP_UNKNOWN, refusalOf(() -> gallery.addToGroup(BETA, "friends", "penny")));
        assertEquals(Map.of("friends", List.of()), gallery.memberships(ACME));
    }

    @Test
    public void aDeletedGroupLeavesNoMembershipInTheIndex() {
        register(ACME, "penny", "penny");
        gallery.createGroup(ACME, "friends");
        gallery.addToGroup(ACME, "friends", "penny");
        gallery.removeFromGroup(ACME, "friends", "penny");
        assertEquals(set(), templates.groupsOf(ACME.id(), "penny"));
        gallery.addToGroup(ACME, "friends", "penny");
        gallery.deleteGroup(ACME, "friends");
        assertEquals(set(), templates.groupsOf(ACME.id(), "penny"));
        assertEquals(List.of(), gallery.groups(ACME));
        assertEquals(Refusal.GROUP_UNKNOWN, refusalOf(() -> identify(ACME, FakeStages.face("penny"), 1, "friends")));
    }

    @Test
    public void groupNamesFollowTheSameRuleAsUserReferences() {
        assertEquals(List.of("group_name"), refused(() -> gallery.createGroup(ACME, "vip ")).details());
        assertEquals(Refusal.PARAMETER_MALFORMED, refusalOf(() -> gallery.deleteGroup(ACME, " vip")));
        assertEquals(List.of("group_name", 255), refused(() -> gallery.createGroup(ACME, "g".repeat(256))).details());
        assertEquals(Refusal.MISSING_PARAMETER, refusalOf(() -> gallery.createGroup(ACME, "")));
        gallery.createGroup(ACME, "caf\u00e9");
        assertEquals(Refusal.GROUP_EXISTS, refusalOf(() -> gallery.createGroup(ACME, "cafe\u0301")));
        register(ACME, "penny", "penny");
        gallery.addToGroup(ACME, "cafe\u0301", "penny");
        assertEquals(Map.of("caf\u00e9", List.of("penny")), gallery.memberships(ACME));
        assertEquals(Refusal.PARAMETER_MALFORMED,
                refusalOf(() -> identify(ACME, FakeStages.face("penny"), 1, "caf\u00e9 ")));
    }
}
