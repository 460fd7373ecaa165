package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;

/** The seed's "Match face picture" and "Querying matches" examples: 1:1, 1:N, top_n, groups, liveness, history. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class GalleryMatchesIT extends GalleryTestSupport {
    private static final String GRADE = "0.3390";

    /** The envelope {status 200, "Request OK", gallery_match}; returns gallery_match after checking its shape. */
    private static JsonNode galleryMatch(Answer answer, int status, String message, boolean oneToN) {
        assertOk(answer, "Request OK");
        assertFields(answer.body, answer.json, "status", "message", "gallery_match");
        JsonNode match = answer.json.get("gallery_match");
        assertEquals(answer.body, status, match.get("status").asInt());
        assertEquals(answer.body, message, match.get("message").asText());
        assertDate(answer.body, match.get("date"));
        assertMatchKey(answer.body, match.get("match_key"));
        assertEquals(answer.body, GRADE, match.get("saffe_grade").asText());
        assertScore(answer.body, match.get("score"));
        assertTrue(answer.body, match.has("image_url") && match.has("liveness"));
        int expectedFields = oneToN ? 9 : 8;
        assertEquals(answer.body, expectedFields, match.size());
        return match;
    }

    /** The ranking: labels top1..topK, scores descending, user_ref distinct; the first is the match's score. */
    private static List<String> ranking(String context, JsonNode match, String key, int expectedSize) {
        JsonNode list = match.get(key);
        assertTrue(context + ": no " + key, list != null && list.isArray());
        assertEquals(context, expectedSize, list.size());
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            assertFields(context, entry, "image_url", "label", "score", "user_name", "user_ref");
            assertEquals(context, "top" + (i + 1), entry.get("label").asText());
            double score = assertScore(context, entry.get("score"));
            assertTrue(context + ": ordered by score", score <= previous);
            previous = score;
            assertEquals("", entry.get("user_name").asText());
            assertTrue(context, entry.get("image_url").isNull() || entry.get("image_url").asText().contains("/images/"));
        }
        if (list.size() > 0) {
            assertEquals(context, match.get("score").asText(), list.get(0).get("score").asText());
        }
        List<String> users = fieldTexts(list, "user_ref");
        assertEquals(context + ": users, not images", users.size(), new HashSet<>(users).size());
        return users;
    }

    // ---- errors ----

    @Test
    public void galleryMatch_1to1_UserNotFound() throws Exception {
        Tenant t = tenant("m-404");
        t.enrol("user_01", PENNY1);
        assertError(t.match("user_reference=user_02&liveness=false&save_image=false", image(PENNY2)), 400,
                "User not found.");
        assertEquals("[]", t.matches(null).json.get("gallery_matches").toString());
    }

    @Test
    public void galleryMatch_EmptyGallery() throws Exception {
        Tenant t = tenant("m-empty");
        assertError(t.match("user_reference=user_01&liveness=false&save_image=false", image(PENNY2)), 400,
                "The gallery is empty.");
        assertError(t.match("liveness=false", image(PENNY2)), 400, "The gallery is empty.");
        // a gallery whose only user was deleted is empty again
        t.enrol("user_01", PENNY1);
        t.delete("user_01");
        assertError(t.match("liveness=false", image(PENNY2)), 400, "The gallery is empty.");
    }

    @Test
    public void galleryMatch_LivenessRequirements() throws Exception {
        Tenant t = tenant("m-capture");
        t.enrol("user_01", PENNY1);
        String oneToOne = "user_reference=user_01&liveness=true&save_image=true";
        assertError(t.match(oneToOne, tooFar()), 415, "The face is too far.");
        assertError(t.match(oneToOne, tooClose()), 415, "The face is too close.");
        assertError(t.match(oneToOne, descentralized()), 415, "The face is not enough centralized.");
        assertError(t.match(oneToOne, image(OBAMA_LANDSCAPE)), 415,
                "The image is in wrong orientation. Must be portrait.");
        assertError(t.match("liveness=true", image(OBAMA_LANDSCAPE)), 415,
                "The image is in wrong orientation. Must be portrait.");
        assertEquals("refused requests are not recorded", "[]", t.matches(null).json.get("gallery_matches").toString());
    }

    @Test
    public void galleryMatch_TopNMustBeAPositiveInteger_AndUnknownGroupIsRefused() throws Exception {
        Tenant t = tenant("m-params");
        t.enrol("user_01", PENNY1);
        assertAnswer(t.match("top_n=0&liveness=false", image(PENNY2)), 400,
                "Parameter top_n must be a positive integer.");
        assertAnswer(t.match("top_n=five&liveness=false", image(PENNY2)), 400,
                "Parameter top_n must be a positive integer.");
        assertError(t.match("group_name=nope&liveness=false", image(PENNY2)), 400, "Group nope does not exist.");
        assertEquals("[]", t.matches(null).json.get("gallery_matches").toString());
    }

    // ---- 1:1 ----

    @Test
    public void galleryMatch_1to1_MatchingAtSaffeGrade() throws Exception {
        Tenant t = tenant("m-11");
        t.register("user_01", image(LIVE), null);
        // liveness and save_image default to true; the enrolled image itself, as in the seed's score 1.0000
        Answer answer = t.match("user_reference=user_01", image(LIVE));
        JsonNode match = galleryMatch(answer, 200, MATCH, false);
        assertTrue(answer.body, Double.parseDouble(match.get("score").asText()) > 0.99);
        assertImageUrl(answer.body, match.get("image_url"));
        JsonNode liveness = match.get("liveness");
        assertFields(answer.body, liveness, "score", "threshold");
        assertTrue(answer.body, assertScore(answer.body, liveness.get("score"))
                >= assertScore(answer.body, liveness.get("threshold")));
        // the probe was saved: its owner can fetch it
        assertEquals(200, t.fetch(match.get("image_url").asText()).statusCode());
    }

    @Test
    public void galleryMatch_1to1_MatchingAtSaffeGrade_LivenessAndSaveImageOff() throws Exception {
        Tenant t = tenant("m-11-off");
        t.enrol("user_01", PENNY1);
        Answer answer = t.match("user_reference=user_01&liveness=false&save_image=false", image(PENNY2));
        JsonNode match = galleryMatch(answer, 200, MATCH, false);
        assertEquals(SAVE_IMAGE_OFF, match.get("image_url").asText());
        assertEquals(LIVENESS_OFF_MATCH, match.get("liveness").asText());
        assertTrue(answer.body, Double.parseDouble(match.get("score").asText()) >= 0.339);
        // a different photo of another identity also matches at grade
        t.enrol("obama", OBAMA);
        galleryMatch(t.match("user_reference=obama&liveness=false&save_image=false", image(OBAMA2)), 200, MATCH,
                false);
    }

    @Test
    public void galleryMatch_1to1_UnsuccessfulMatchingAtSaffeGrade() throws Exception {
        Tenant t = tenant("m-11-417");
        t.enrol("user01", PENNY1);
        Answer answer = t.match("user_reference=user01&liveness=false", image(AMY1));
        JsonNode match = galleryMatch(answer, 417, NO_MATCH, false);
        assertTrue(answer.body, Double.parseDouble(match.get("score").asText()) < 0.339);
        assertImageUrl(answer.body, match.get("image_url"));
    }

    @Test
    public void galleryMatch_1to1_UsesTheBestScoreOverTheUsersImages() throws Exception {
        Tenant t = tenant("m-11-best");
        t.enrol("amy_only", AMY1);
        t.enrol("penny_only", PENNY1);
        t.enrol("both", AMY1);
        t.addImage("both", PENNY1);
        String penny = score(t.match("user_reference=penny_only&liveness=false&save_image=false", image(PENNY2)));
        String amy = score(t.match("user_reference=amy_only&liveness=false&save_image=false", image(PENNY2)));
        String both = score(t.match("user_reference=both&liveness=false&save_image=false", image(PENNY2)));
        assertEquals(penny, both);
        assertTrue(Double.parseDouble(penny) > Double.parseDouble(amy));
    }

    private static String score(Answer answer) {
        return answer.json.get("gallery_match").get("score").asText();
    }

    @Test
    public void galleryMatch_MatchImageDetectedAsFraudulent() throws Exception {
        Tenant t = tenant("m-fraud");
        // the spoof is in the gallery (enrolled without liveness); matched with liveness it is a fraud
        t.register("u_ref_04", image(SPOOF), "liveness=false");
        t.enrol("u_ref_01", PENNY1);
        Answer oneToOne = t.match("user_reference=u_ref_04", image(SPOOF));
        JsonNode match = galleryMatch(oneToOne, 403, FRAUD, false);
        assertFields(oneToOne.body, match.get("liveness"), "score", "threshold");
        assertTrue(oneToOne.body, assertScore(oneToOne.body, match.get("liveness").get("score"))
                < assertScore(oneToOne.body, match.get("liveness").get("threshold")));
        assertTrue("the face score is still given", Double.parseDouble(match.get("score").asText()) > 0.99);

        Answer oneToN = t.match("top_n=5", image(SPOOF));
        JsonNode fraud = galleryMatch(oneToN, 403, FRAUD, true);
        assertEquals(List.of("u_ref_04", "u_ref_01"), ranking(oneToN.body, fraud, "top5", 2));
        // recorded in the history with its status
        Answer history = t.matches("match_key=" + match.get("match_key").asText());
        assertEquals(history.body, 403, history.json.get("gallery_matches").get(0).get("status").asInt());
    }

    // ---- 1:N ----

    @Test
    public void galleryMatch_1N_MatchingAtSaffeGrade_RanksUsersNotImages() throws Exception {
        Tenant t = tenant("m-1n");
        t.enrol("user03", PENNY1);
        t.addImage("user03", PENNY2);
        t.enrol("penny1_only", PENNY1);
        t.enrol("penny2_only", PENNY2);
        t.register("user01", image(AMY1), "liveness=false&save_image=false");
        t.enrol("user02", HOWARD1);
        t.enrol("user04", LEONARD1);
        t.enrol("user05", BERNADETTE1);

        Answer answer = t.match("top_n=5&liveness=false", image(PENNY3));
        JsonNode match = galleryMatch(answer, 200, MATCH, true);
        assertEquals(LIVENESS_OFF_MATCH, match.get("liveness").asText());
        List<String> top = ranking(answer.body, match, "top5", 5);
        assertEquals(answer.body, new HashSet<>(List.of("user03", "penny1_only", "penny2_only")),
                new HashSet<>(top.subList(0, 3)));
        // user03 holds both images: it appears once, with the better of the two scores
        double p1 = entryScore(match.get("top5"), "penny1_only");
        double p2 = entryScore(match.get("top5"), "penny2_only");
        assertEquals(answer.body, Math.max(p1, p2), entryScore(match.get("top5"), "user03"), 1e-9);
        assertEquals(match.get("score").asText(), match.get("top5").get(0).get("score").asText());

        // top_n defaults to 1: the list is "top1"
        Answer single = t.match("liveness=false&save_image=false", image(PENNY3));
        JsonNode one = galleryMatch(single, 200, MATCH, true);
        ranking(single.body, one, "top1", 1);
        // top_n beyond the gallery lists every user once; an unsaved user's image_url is null
        Answer all = t.match("top_n=10&liveness=false&save_image=false", image(AMY1));
        JsonNode every = galleryMatch(all, 200, MATCH, true);
        List<String> users = ranking(all.body, every, "top10", 7);
        assertEquals(all.body, "user01", users.get(0));
        assertTrue(all.body, every.get("top10").get(0).get("image_url").isNull());
        for (int i = 1; i < 7; i++) {
            assertImageUrl(all.body, every.get("top10").get(i).get("image_url"));
        }
    }

    private static double entryScore(JsonNode list, String user) {
        for (JsonNode entry : list) {
            if (entry.get("user_ref").asText().equals(user)) {
                return Double.parseDouble(entry.get("score").asText());
            }
        }
        throw new AssertionError(user + " not in " + list);
    }

    @Test
    public void galleryMatch_1N_UnsuccessfulMatchingAtSaffeGrade() throws Exception {
        Tenant t = tenant("m-1n-417");
        t.enrol("user01", AMY1);
        t.enrol("user02", HOWARD1);
        t.enrol("user03", LEONARD1);
        Answer answer = t.match("top_n=5&liveness=false", image(PENNY3));
        JsonNode match = galleryMatch(answer, 417, NO_MATCH, true);
        assertEquals(new HashSet<>(List.of("user01", "user02", "user03")),
                new HashSet<>(ranking(answer.body, match, "top5", 3)));
        assertTrue(answer.body, Double.parseDouble(match.get("score").asText()) < 0.339);
    }

    @Test
    public void galleryMatch_1N_RestrictedToGroupsNeverReturnsNonMembers() throws Exception {
        Tenant t = tenant("m-groups");
        t.enrol("penny", PENNY1);
        t.enrol("amy", AMY1);
        t.enrol("howard", HOWARD1);
        t.enrol("leonard", LEONARD1);
        t.createGroup("vip");
        t.createGroup("staff");
        t.createGroup("empty");
        t.associate("vip", "amy");
        t.associate("vip", "howard");
        t.associate("staff", "leonard");
        t.associate("staff", "howard");

        Answer vip = t.match("group_name=vip&top_n=5&liveness=false", image(PENNY3));
        JsonNode match = galleryMatch(vip, 417, NO_MATCH, true);
        assertEquals(new HashSet<>(List.of("amy", "howard")), new HashSet<>(ranking(vip.body, match, "top5", 2)));

        // repeatable: the union of the groups, each user once
        Answer both = t.match("group_name=vip&group_name=staff&top_n=5&liveness=false", image(PENNY3));
        assertEquals(new HashSet<>(List.of("amy", "howard", "leonard")),
                new HashSet<>(ranking(both.body, both.json.get("gallery_match"), "top5", 3)));

        // the same probe without groups finds penny
        Answer everyone = t.match("top_n=5&liveness=false", image(PENNY3));
        assertEquals("penny", ranking(everyone.body, galleryMatch(everyone, 200, MATCH, true), "top5", 4).get(0));

        assertError(t.match("group_name=vip&group_name=nope&liveness=false", image(PENNY3)), 400,
                "Group nope does not exist.");
        Answer none = t.match("group_name=empty&liveness=false", image(PENNY3));
        assertTrue(none.body, none.httpStatus == 400 || none.json.path("gallery_match").path("top1").size() == 0);
    }

    // ---- Querying matches ----

    @Test
    public void queryingMatches_NoResults() throws Exception {
        Tenant t = tenant("mh-none");
        Answer answer = t.matches(null);
        assertOk(answer, "Succeeded.");
        assertEquals("[]", answer.json.get("gallery_matches").toString());
        assertEquals("[]", t.matches("match_key=P29YdOW3hz0YxrMQgI1VdX4O").json.get("gallery_matches").toString());
    }

    @Test
    public void queryingMatches_ByMatchKey_ByUserReference_ByDates_AllAndLimit() throws Exception {
        Tenant t = tenant("mh");
        t.enrol("user01", PENNY1);
        t.enrol("user03", AMY1);
        Answer a = t.match("user_reference=user01&liveness=false", image(AMY1)); // 417
        Answer b = t.match("user_reference=user03&liveness=false", image(AMY1)); // 200
        Instant bDate = assertDate("date", b.json.get("gallery_match").get("date"));
        long boundary = nextSecondAfter(bDate);
        Answer c = t.match("top_n=3&liveness=false", image(AMY1)); // 1:N, 200
        Answer d = t.match("user_reference=user03&liveness=false&save_image=false", image(AMY1)); // 200
        String[] keys = {key(a), key(b), key(c), key(d)};

        Answer all = t.matches(null);
        assertOk(all, "Succeeded.");
        JsonNode list = all.json.get("gallery_matches");
        assertEquals(all.body, List.of(keys), fieldTexts(list, "match_key"));
        for (JsonNode entry : list) {
            assertFields(all.body, entry, "match_key", "date", "status", "score", "image_url", "user_reference",
                    "saffe_grade");
            assertDate(all.body, entry.get("date"));
            assertScore(all.body, entry.get("score"));
            assertEquals(GRADE, entry.get("saffe_grade").asText());
        }
        assertEquals(List.of(417, 200, 200, 200), List.of(list.get(0).get("status").asInt(),
                list.get(1).get("status").asInt(), list.get(2).get("status").asInt(), list.get(3).get("status").asInt()));
        assertEquals(Double.parseDouble(a.json.get("gallery_match").get("score").asText()),
                Double.parseDouble(list.get(0).get("score").asText()), 1e-9);
        assertEquals("user01", list.get(0).get("user_reference").asText());
        assertTrue("1:N has no user_reference", list.get(2).get("user_reference").isNull());
        assertEquals(a.json.get("gallery_match").get("image_url").asText(), list.get(0).get("image_url").asText());
        assertTrue("no saved image", list.get(3).get("image_url").isNull());
        assertEquals(200, t.fetch(list.get(0).get("image_url").asText()).statusCode());

        Answer byKey = t.matches("match_key=" + keys[0]);
        assertEquals(byKey.body, 1, byKey.json.get("gallery_matches").size());
        assertEquals(list.get(0).toString(), byKey.json.get("gallery_matches").get(0).toString());
        assertEquals(List.of(keys[1], keys[3]), fieldTexts(t.matches("user_reference=user03").json
                .get("gallery_matches"), "match_key"));
        assertEquals(List.of(keys[0], keys[1]), fieldTexts(t.matches("date_lt=" + boundary).json
                .get("gallery_matches"), "match_key"));
        assertEquals(List.of(keys[2], keys[3]), fieldTexts(t.matches("date_gte=" + boundary).json
                .get("gallery_matches"), "match_key"));
        long start = bDate.getEpochSecond() - 60;
        assertEquals(List.of(keys[0], keys[1]), fieldTexts(t.matches("date_gte=" + start + "&date_lt=" + boundary)
                .json.get("gallery_matches"), "match_key"));
        assertEquals(List.of(keys[0], keys[1]), fieldTexts(t.matches("limit=2").json.get("gallery_matches"),
                "match_key"));
        assertEquals(List.of(keys[3]), fieldTexts(t.matches("user_reference=user03&date_gte=" + boundary)
                .json.get("gallery_matches"), "match_key"));
        assertFalse(t.matches("match_key=" + keys[0].substring(1)).json.get("gallery_matches").size() > 0);
    }

    private static String key(Answer answer) {
        return answer.json.get("gallery_match").get("match_key").asText();
    }
}
