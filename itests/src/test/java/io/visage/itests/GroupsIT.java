package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;

/** The seed's User groups and User x Groups examples, and what a group does to 1:N matching. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class GroupsIT extends GalleryTestSupport {

    private static Answer groups(Tenant t) throws Exception {
        return t.get("/v1/groups", null);
    }

    private static Answer memberships(Tenant t) throws Exception {
        return t.get("/v1/users_groups", null);
    }

    private static Answer dissociate(Tenant t, String group, String reference) throws Exception {
        return t.send("DELETE", "/v1/users_groups", "group_name=" + enc(group) + "&user_reference=" + enc(reference));
    }

    // ---- Create group ----

    @Test
    public void createGroup_NewGroup() throws Exception {
        Tenant t = tenant("grp-new");
        Answer answer = t.createGroup("group_name");
        assertError(answer, 200, "Group group_name successfully created.");
        assertEquals(List.of("group_name"), texts(groups(t).json.get("groups")));
    }

    @Test
    public void createGroup_CreatingPreExistingGroup() throws Exception {
        Tenant t = tenant("grp-dup");
        t.createGroup("group_name");
        assertError(t.createGroup("group_name"), 400, "Group group_name already exist.");
        assertEquals(List.of("group_name"), texts(groups(t).json.get("groups")));
    }

    @Test
    public void createGroup_WithoutGroupNameIsMissingRequiredParameter() throws Exception {
        Tenant t = tenant("grp-missing");
        assertError(t.send("POST", "/v1/groups", null), 400, "Missing required parameter.");
        assertEquals("[]", groups(t).json.get("groups").toString());
    }

    // ---- Query groups ----

    @Test
    public void queryGroups_RetrieveEmptyGroupList() throws Exception {
        Tenant t = tenant("grp-empty");
        Answer answer = groups(t);
        assertEquals(answer.toString(), 200, answer.httpStatus);
        assertEquals("{\"status\":200,\"message\":\"Succeed\",\"groups\":[]}", answer.body);
    }

    @Test
    public void queryGroups_RetrieveListOfGroups() throws Exception {
        Tenant t = tenant("grp-list");
        for (String g : new String[] {"g2", "g3", "g1"}) {
            assertOk(t.createGroup(g), "Group " + g + " successfully created.");
        }
        Answer answer = groups(t);
        assertOk(answer, "Succeed");
        assertFields(answer.body, answer.json, "status", "message", "groups");
        assertEquals(List.of("g1", "g2", "g3"), texts(answer.json.get("groups")));
    }

    // ---- Delete group ----

    @Test
    public void deleteGroup_DeleteUnexistingGroup() throws Exception {
        Tenant t = tenant("grp-del404");
        assertError(t.send("DELETE", "/v1/groups", "group_name=group_name"), 400, "Group group_name does not exist.");
    }

    @Test
    public void deleteGroup_DeleteGroup() throws Exception {
        Tenant t = tenant("grp-del");
        t.enrol("user_01", PENNY1);
        t.createGroup("g1");
        t.createGroup("g2");
        assertOk(t.associate("g1", "user_01"), "User successfully associated to the Group.");
        assertError(t.send("DELETE", "/v1/groups", "group_name=g1"), 200, "Group successfully deleted.");
        assertEquals(List.of("g2"), texts(groups(t).json.get("groups")));
        assertFalse(memberships(t).body, memberships(t).json.get("groups").has("g1"));
        // the group's users stay in the gallery; a 1:N restricted to the deleted group is refused
        assertEquals(List.of("user_01"), t.userReferences());
        assertError(t.match("group_name=g1&liveness=false", image(PENNY2)), 400, "Group g1 does not exist.");
        // re-created, it is empty
        t.createGroup("g1");
        assertFalse(memberships(t).json.get("groups").has("g1") && memberships(t).json.get("groups").get("g1")
                .size() > 0);
    }

    // ---- Add user to a group ----

    @Test
    public void addUserToGroup_AddUserToUnexistingGroup() throws Exception {
        Tenant t = tenant("ug-nogroup");
        t.enrol("user_reference", PENNY1);
        assertError(t.associate("group_name", "user_reference"), 400, "Group group_name does not exist.");
    }

    @Test
    public void addUserToGroup_AddUnexistingUserToAGroup() throws Exception {
        Tenant t = tenant("ug-nouser");
        t.createGroup("group_name");
        assertError(t.associate("group_name", "user_reference"), 400, "User user_reference not found.");
        assertEquals(0, memberships(t).json.get("groups").path("group_name").size());
    }

    @Test
    public void addUserToGroup_AddUserToGroup() throws Exception {
        Tenant t = tenant("ug-add");
        t.enrol("user_reference", PENNY1);
        t.createGroup("group_name");
        assertError(t.associate("group_name", "user_reference"), 200, "User successfully associated to the Group.");
        assertEquals(List.of("user_reference"), texts(memberships(t).json.get("groups").get("group_name")));
    }

    // ---- Query users in groups ----

    @Test
    public void queryUsersInGroups_RetrieveListOfGroupsAndUsers() throws Exception {
        Tenant t = tenant("ug-list");
        t.enrol("user_reference_1", PENNY1);
        t.enrol("user_reference_m", AMY1);
        t.createGroup("group_name1");
        t.createGroup("group_name_n");
        t.associate("group_name1", "user_reference_1");
        t.associate("group_name_n", "user_reference_m");
        t.associate("group_name_n", "user_reference_1");
        Answer answer = memberships(t);
        assertOk(answer, "Succeed");
        assertFields(answer.body, answer.json, "status", "message", "groups");
        JsonNode groups = answer.json.get("groups");
        assertEquals(answer.body, List.of("user_reference_1"), texts(groups.get("group_name1")));
        assertEquals(answer.body, List.of("user_reference_1", "user_reference_m"), texts(groups.get("group_name_n")));
    }

    // ---- Remove user from group ----

    @Test
    public void removeUserFromGroup_DeleteUserFromUnexistingGroup() throws Exception {
        Tenant t = tenant("ug-rm-nogroup");
        t.enrol("user_reference", PENNY1);
        assertError(dissociate(t, "group", "user_reference"), 400, "Group group does not exist.");
    }

    @Test
    public void removeUserFromGroup_RemovingUnexistingAssociation() throws Exception {
        Tenant t = tenant("ug-rm-none");
        t.enrol("user_reference", PENNY1);
        t.createGroup("group_name");
        assertError(dissociate(t, "group_name", "user_reference"), 400, "Association does not exist.");
        assertError(dissociate(t, "group_name", "nobody"), 400, "Association does not exist.");
    }

    @Test
    public void removeUserFromGroup_RemoveUserFromAGroup() throws Exception {
        Tenant t = tenant("ug-rm");
        t.enrol("penny", PENNY1);
        t.enrol("amy", AMY1);
        t.createGroup("vip");
        t.associate("vip", "penny");
        t.associate("vip", "amy");
        assertError(dissociate(t, "vip", "penny"), 200, "Association successfully removed.");
        assertEquals(List.of("amy"), texts(memberships(t).json.get("groups").get("vip")));
        // the removal takes effect in 1:N matching at once
        Answer match = t.match("group_name=vip&top_n=5&liveness=false", image(PENNY2));
        assertEquals(match.body, List.of("amy"), fieldTexts(match.json.get("gallery_match").get("top5"), "user_ref"));
        assertError(dissociate(t, "vip", "penny"), 400, "Association does not exist.");
    }
}
