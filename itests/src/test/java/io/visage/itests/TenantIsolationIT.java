package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;

/** Two API users never see each other: users, groups, matches, histories, images and 1:N searches. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class TenantIsolationIT extends GalleryTestSupport {

    @Test
    public void usersAndLogsAreIsolated_TheSameReferenceLivesInBothTenants() throws Exception {
        Tenant a = tenant("iso-a");
        Tenant b = tenant("iso-b");
        a.enrol("user_01", PENNY1);
        // not "already exists": the reference belongs to a's gallery only
        b.enrol("user_01", AMY1);
        b.enrol("user_02", HOWARD1);
        assertEquals(List.of("user_01"), a.userReferences());
        assertEquals(List.of("user_01", "user_02"), b.userReferences());
        assertError(a.update("user_02", image(HOWARD1), "liveness=false"), 400, "User user_02 not found.");
        assertError(a.delete("user_02"), 400, "User user_02 not found.");

        assertOk(b.delete("user_01"), "User deleted.");
        assertEquals(List.of("user_01"), a.userReferences());
        assertEquals(List.of("create"), fieldTexts(a.userLogs(null).json.get("user_logs"), "type"));
        assertEquals(List.of("create", "create", "delete"), fieldTexts(b.userLogs(null).json.get("user_logs"), "type"));

        // an empty gallery is per tenant
        Tenant c = tenant("iso-c");
        assertError(c.delete("user_01"), 400, "Gallery for given request not found.");
        assertError(c.match("liveness=false", image(PENNY2)), 400, "The gallery is empty.");
        assertError(c.match("user_reference=user_01&liveness=false", image(PENNY2)), 400, "The gallery is empty.");
    }

    @Test
    public void searchesNeverReturnAnotherTenantsUsers() throws Exception {
        Tenant a = tenant("iso-1n-a");
        Tenant b = tenant("iso-1n-b");
        a.enrol("amy", AMY1);
        a.enrol("howard", HOWARD1);
        b.enrol("penny", PENNY1);
        b.enrol("penny_too", PENNY2);

        Answer answer = a.match("top_n=10&liveness=false", image(PENNY3));
        JsonNode match = answer.json.get("gallery_match");
        assertEquals(answer.body, 417, match.get("status").asInt());
        assertEquals(answer.body, 2, match.get("top10").size());
        assertFalse(answer.body, answer.body.contains("penny"));
        // 1:1 on b's user from a
        assertError(a.match("user_reference=penny&liveness=false", image(PENNY3)), 400, "User not found.");
        // b finds its own
        Answer own = b.match("top_n=10&liveness=false", image(PENNY3));
        assertEquals(own.body, 200, own.json.get("gallery_match").get("status").asInt());
        assertEquals(own.body, 2, own.json.get("gallery_match").get("top10").size());
    }

    @Test
    public void groupsAndMembershipsAreIsolated() throws Exception {
        Tenant a = tenant("iso-g-a");
        Tenant b = tenant("iso-g-b");
        a.enrol("user_01", PENNY1);
        b.enrol("user_01", AMY1);
        b.enrol("user_02", HOWARD1);
        assertOk(a.createGroup("vip"), "Group vip successfully created.");
        a.associate("vip", "user_01");

        assertEquals("[]", b.get("/v1/groups", null).json.get("groups").toString());
        assertEquals("{}", b.get("/v1/users_groups", null).json.get("groups").toString());
        assertError(b.associate("vip", "user_01"), 400, "Group vip does not exist.");
        assertError(b.send("DELETE", "/v1/groups", "group_name=vip"), 400, "Group vip does not exist.");
        assertError(b.send("DELETE", "/v1/users_groups", "group_name=vip&user_reference=user_01"), 400,
                "Group vip does not exist.");
        assertError(b.match("group_name=vip&liveness=false", image(PENNY2)), 400, "Group vip does not exist.");

        // b's own group of the same name is another group
        assertOk(b.createGroup("vip"), "Group vip successfully created.");
        b.associate("vip", "user_02");
        Answer aMembers = a.get("/v1/users_groups", null);
        assertEquals(aMembers.body, List.of("user_01"), texts(aMembers.json.get("groups").get("vip")));
        Answer bMembers = b.get("/v1/users_groups", null);
        assertEquals(bMembers.body, List.of("user_02"), texts(bMembers.json.get("groups").get("vip")));
        Answer scoped = b.match("group_name=vip&top_n=5&liveness=false", image(PENNY2));
        assertEquals(scoped.body, List.of("user_02"), fieldTexts(scoped.json.get("gallery_match").get("top5"),
                "user_ref"));
        assertOk(b.send("DELETE", "/v1/groups", "group_name=vip"), "Group successfully deleted.");
        assertEquals(List.of("vip"), texts(a.get("/v1/groups", null).json.get("groups")));
    }

    @Test
    public void matchHistoriesAndImagesAreIsolated() throws Exception {
        Tenant a = tenant("iso-h-a");
        Tenant b = tenant("iso-h-b");
        String enrolled = a.enrol("user_01", PENNY1).json.get("image_url").asText();
        b.enrol("user_01", AMY1);
        Answer match = a.match("user_reference=user_01&liveness=false", image(PENNY2));
        String matchKey = match.json.get("gallery_match").get("match_key").asText();
        String probeUrl = match.json.get("gallery_match").get("image_url").asText();
        Answer id = a.idMatch("liveness=false", image(PENNY1), image(PENNY2));
        String idKey = id.json.get("id_match").get("match_key").asText();

        assertEquals(1, a.matches(null).json.get("gallery_matches").size());
        assertEquals("[]", b.matches(null).json.get("gallery_matches").toString());
        assertEquals("[]", b.matches("match_key=" + matchKey).json.get("gallery_matches").toString());
        assertEquals("[]", b.matches("user_reference=user_01").json.get("gallery_matches").toString());
        assertEquals(1, a.idMatches(null).json.get("id_matches").size());
        assertEquals("[]", b.idMatches(null).json.get("id_matches").toString());
        assertEquals("[]", b.idMatches("match_key=" + idKey).json.get("id_matches").toString());

        for (String url : new String[] {enrolled, probeUrl}) {
            assertEquals(200, a.fetch(url).statusCode());
            assertEquals(url, 404, b.fetch(url).statusCode());
        }
        // not even an existing user's listing leaks another tenant's image
        String bUrl = b.users("user_reference=user_01").json.get("users").get(0).get("image_url").asText();
        assertTrue(!bUrl.equals(enrolled));
        assertEquals(404, a.fetch(bUrl).statusCode());
    }

    @Test
    public void removedApiUserTakesItsGalleryAlong_ANewApiUserOfTheSameNameStartsEmpty() throws Exception {
        Tenant old = tenant("iso-reuse");
        String url = old.enrol("user_01", PENNY1).json.get("image_url").asText();
        old.createGroup("vip");
        old.associate("vip", "user_01");
        old.match("user_reference=user_01&liveness=false", image(PENNY2));
        old.idMatch("liveness=false", image(PENNY1), image(PENNY2));
        assertTrue(executeCommand("visage:api-user-remove " + old.name).contains("removed"));

        Tenant reborn = new Tenant(old.name, addApiUser(old.name, null));
        assertEquals(List.of(), reborn.userReferences());
        assertEquals(0, reborn.logCount());
        assertEquals("[]", reborn.get("/v1/groups", null).json.get("groups").toString());
        assertEquals("{}", reborn.get("/v1/users_groups", null).json.get("groups").toString());
        assertEquals("[]", reborn.matches(null).json.get("gallery_matches").toString());
        assertEquals("[]", reborn.idMatches(null).json.get("id_matches").toString());
        assertEquals(404, reborn.fetch(url).statusCode());
        assertError(reborn.match("liveness=false", image(PENNY2)), 400, "The gallery is empty.");
        reborn.enrol("other", AMY1);
        Answer search = reborn.match("top_n=5&liveness=false", image(PENNY2));
        assertEquals(search.body, List.of("other"), fieldTexts(search.json.get("gallery_match").get("top5"),
                "user_ref"));
    }

    /**
     * Every identifier tenant A can see (a user reference, a group name, a membership, gallery and ID match keys,
     * a liveness detection key, every image URL), tried on every endpoint that takes it with tenant B's
     * credentials: each is B's not-found answer (or an empty history), and A's data is the same afterwards.
     */
    @Test
    public void everyIdentifierOfOneTenantIsNotFoundForAnotherAndNothingOfItChanges() throws Exception {
        Tenant a = tenant("iso-all-a");
        Tenant b = tenant("iso-all-b");
        List<String> urls = new java.util.ArrayList<>();
        urls.add(a.enrol("owner_only", PENNY1).json.get("image_url").asText());
        urls.add(a.addImage("owner_only", PENNY5).json.get("image_url").asText());
        assertOk(a.createGroup("owner_group"), "Group owner_group successfully created.");
        a.associate("owner_group", "owner_only");
        JsonNode match = a.match("user_reference=owner_only&liveness=false", image(PENNY2)).json.get("gallery_match");
        String matchKey = match.get("match_key").asText();
        urls.add(match.get("image_url").asText());
        JsonNode id = a.idMatch("liveness=false", image(PENNY1), image(PENNY2)).json.get("id_match");
        String idKey = id.get("match_key").asText();
        id.findValues("image_url").forEach(u -> urls.add(u.asText()));
        Answer live = a.upload("POST", "/v2/liveness_detections", null, "image", image(LIVE));
        assertEquals(live.toString(), 200, live.status());
        String detectionKey = live.json.get("liveness").get("detection_key").asText();
        live.json.findValues("image_url").forEach(u -> urls.add(u.asText()));
        String before = snapshot(a, matchKey, idKey, detectionKey);

        // B has a gallery and a group of its own, so its answers are "not found", not "empty gallery"
        b.enrol("b_own", AMY1);
        assertOk(b.createGroup("b_group"), "Group b_group successfully created.");

        assertEquals("{\"status\":200,\"message\":\"Succeeded.\",\"users\":[]}",
                b.users("user_reference=owner_only").body);
        assertEquals("[]", b.userLogs("user_reference=owner_only").json.get("user_logs").toString());
        assertError(b.update("owner_only", image(PENNY2), "liveness=false"), 400, "User owner_only not found.");
        assertError(b.delete("owner_only"), 400, "User owner_only not found.");
        assertError(b.match("user_reference=owner_only&liveness=false", image(PENNY2)), 400, "User not found.");
        assertError(b.match("group_name=owner_group&liveness=false", image(PENNY2)), 400,
                "Group owner_group does not exist.");
        assertError(b.send("DELETE", "/v1/groups", "group_name=owner_group"), 400, "Group owner_group does not exist.");
        assertError(b.associate("owner_group", "owner_only"), 400, "Group owner_group does not exist.");
        assertError(b.associate("owner_group", "b_own"), 400, "Group owner_group does not exist.");
        assertError(b.associate("b_group", "owner_only"), 400, "User owner_only not found.");
        assertError(b.send("DELETE", "/v1/users_groups", "group_name=owner_group&user_reference=owner_only"), 400,
                "Group owner_group does not exist.");
        assertError(b.send("DELETE", "/v1/users_groups", "group_name=b_group&user_reference=owner_only"), 400,
                "Association does not exist.");
        assertEquals("{\"b_group\":[]}", b.get("/v1/users_groups", null).json.get("groups").toString());
        assertEquals("[]", b.matches("match_key=" + matchKey).json.get("gallery_matches").toString());
        assertEquals("[]", b.matches("user_reference=owner_only").json.get("gallery_matches").toString());
        assertEquals("[]", b.idMatches("match_key=" + idKey).json.get("id_matches").toString());
        Answer detections = b.get("/v1/liveness_detections", "detection_key=" + detectionKey);
        assertEquals(detections.toString(), "[]", detections.json.get("liveness_detections").toString());
        for (String url : urls) {
            assertEquals(url, 404, b.fetch(url).statusCode());
        }

        // nothing of A changed: the same listings and histories, every image still served, the user still matches
        assertEquals(before, snapshot(a, matchKey, idKey, detectionKey));
        for (String url : urls) {
            assertEquals(url, 200, a.fetch(url).statusCode());
        }
        Answer again = a.match("user_reference=owner_only&liveness=false&save_image=false", image(PENNY2));
        assertEquals(again.body, MATCH, again.json.get("gallery_match").get("message").asText());
    }

    /** What tenant A can read about its data, as one string (listings and histories, keys included). */
    private static String snapshot(Tenant a, String matchKey, String idKey, String detectionKey) throws Exception {
        StringBuilder all = new StringBuilder();
        for (Answer answer : new Answer[] {a.users(null), a.userLogs(null), a.get("/v1/groups", null),
                a.get("/v1/users_groups", null), a.matches("match_key=" + matchKey), a.idMatches("match_key=" + idKey),
                a.get("/v1/liveness_detections", "detection_key=" + detectionKey)}) {
            assertEquals(answer.toString(), 200, answer.httpStatus);
            all.append(answer.body).append('\n');
        }
        return all.toString();
    }
}
