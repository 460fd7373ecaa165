package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;

/** The seed's "Matching an ID" and "Querying ID Matches" examples. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class IdMatchesIT extends GalleryTestSupport {
    /** A live selfie without EXIF rotation (1617x2160, p(live) 0.64). */
    private static final String SELFIE = "liveness/live/sfashist__image_T2_c3e2048.jpg";

    /** A landscape "document": the selfie as a small portrait on the left of a white 1600x1000 card. */
    private static byte[] documentOf(String selfiePath) throws Exception {
        BufferedImage selfie = decode(image(selfiePath));
        return png(onWhiteCanvas(selfie, 1600, 1000, 600, 80, 80));
    }

    private static JsonNode idMatch(Answer answer, int status, String message) {
        assertOk(answer, "Request OK");
        assertFields(answer.body, answer.json, "status", "message", "id_match");
        JsonNode match = answer.json.get("id_match");
        // image_url (the saved match image) only when save_image kept the images; asserted by the tests that save
        if (match != null && match.has("image_url")) {
            assertFields(answer.body, match, "date", "image_url", "liveness", "match_key", "message", "saffe_grade",
                    "score", "status");
        } else {
            assertFields(answer.body, match, "date", "liveness", "match_key", "message", "saffe_grade", "score",
                    "status");
        }
        assertEquals(answer.body, status, match.get("status").asInt());
        assertEquals(answer.body, message, match.get("message").asText());
        assertDate(answer.body, match.get("date"));
        assertMatchKey(answer.body, match.get("match_key"));
        assertEquals(answer.body, "0.3390", match.get("saffe_grade").asText());
        assertScore(answer.body, match.get("score"));
        return match;
    }

    private static void assertLivenessBlock(String context, JsonNode liveness, int status) {
        assertFields(context, liveness, "message", "score", "status", "threshold");
        assertEquals(context, status, liveness.get("status").asInt());
        double score = assertScore(context, liveness.get("score"));
        double threshold = assertScore(context, liveness.get("threshold"));
        assertTrue(context, status == 200 ? score >= threshold : score < threshold);
    }

    @Test
    public void idMatch_Success() throws Exception {
        Tenant t = tenant("id-ok");
        Answer answer = t.idMatch("liveness=true&save_image=true", image(SELFIE), documentOf(SELFIE));
        JsonNode match = idMatch(answer, 200, "ID successfully matched.");
        assertLivenessBlock(answer.body, match.get("liveness"), 200);
        assertEquals("Live person detected.", match.get("liveness").get("message").asText());
        assertTrue(answer.body, Double.parseDouble(match.get("score").asText()) >= 0.339);
        // save_image=true: the match image has a URL, like a gallery match's, and its owner can fetch it
        assertTrue(answer.body, match.has("image_url") && match.get("image_url").asText().contains("/images/"));
        assertEquals(200, t.fetch(match.get("image_url").asText()).statusCode());
    }

    @Test
    public void idMatch_Success_PortraitOfOneDocumentAgainstAnotherDocumentOfTheSamePerson() throws Exception {
        Tenant t = tenant("id-docs");
        // the portrait cut out of one specimen passport (face box about 90..226 x 184..320), as a selfie
        byte[] portrait = png(crop(decode(image(DOCUMENT_UTO)), 40, 130, 236, 290));
        Answer answer = t.idMatch("liveness=false&save_image=false", portrait, image(DOCUMENT_UTO2));
        JsonNode match = idMatch(answer, 200, "ID successfully matched.");
        assertEquals(LIVENESS_OFF_MATCH, match.get("liveness").asText());
        assertTrue("save_image=false keeps no image: " + answer.body, !match.has("image_url"));
    }

    @Test
    public void idMatch_FacesDoesNotMatch() throws Exception {
        Tenant t = tenant("id-417");
        Answer answer = t.idMatch("liveness=true&save_image=true", image(SELFIE), image(DOCUMENT_UTO));
        JsonNode match = idMatch(answer, 417, NO_MATCH);
        assertLivenessBlock(answer.body, match.get("liveness"), 200);
        assertEquals("Live person detected.", match.get("liveness").get("message").asText());
        assertTrue(answer.body, Double.parseDouble(match.get("score").asText()) < 0.339);
    }

    @Test
    public void idMatch_LivenessFail() throws Exception {
        Tenant t = tenant("id-spoof");
        Answer answer = t.idMatch(null, image(SPOOF_PRINT), documentOf(SPOOF_PRINT));
        JsonNode match = idMatch(answer, 403, answer.json.path("id_match").path("liveness").path("message").asText());
        assertLivenessBlock(answer.body, match.get("liveness"), 403);
        assertTrue(answer.body, !match.get("message").asText().isEmpty());
        // the face comparison is reported all the same
        assertTrue(answer.body, Double.parseDouble(match.get("score").asText()) >= 0.339);
        assertEquals(403, t.idMatches(null).json.get("id_matches").get(0).get("status").asInt());
    }

    @Test
    public void idMatch_NoFaceDetected() throws Exception {
        Tenant t = tenant("id-noface");
        assertError(t.idMatch(null, image(SELFIE), image(DOCUMENT_NO_FACE)), 400,
                "Could not detect a face. Try another image.");
        assertError(t.idMatch("liveness=false", noFace(), image(DOCUMENT_UTO)), 400,
                "Could not detect a face. Try another image.");
        assertError(t.idMatch(null, noFace(), image(DOCUMENT_UTO)), 400, "Could not detect a face. Try another image.");
        assertEquals("[]", t.idMatches(null).json.get("id_matches").toString());
    }

    @Test
    public void idMatch_LivenessRequirements() throws Exception {
        Tenant t = tenant("id-capture");
        byte[] document = image(DOCUMENT_UTO);
        String params = "liveness=true&save_image=true";
        assertError(t.idMatch(params, image(OBAMA_LANDSCAPE), document), 415,
                "The image is in wrong orientation. Must be portrait.");
        assertError(t.idMatch(params, tooClose(), document), 415, "The face is too close.");
        // the seed's "face is too far" example shows the too-close message (a copy slip); the far message is right
        assertError(t.idMatch(params, tooFar(), document), 415, "The face is too far.");
        assertError(t.idMatch(params, descentralized(), document), 415, "The face is not enough centralized.");
        // the document is never held to the capture checks (landscape, small face)
        idMatch(t.idMatch(params, image(SELFIE), image(DOCUMENT_UTO2)), 417, NO_MATCH);
        assertEquals(1, t.idMatches(null).json.get("id_matches").size());
    }

    @Test
    public void idMatch_MissingImageIsMissingRequiredParameter() throws Exception {
        Tenant t = tenant("id-missing");
        assertError(t.upload("POST", "/v1/id_matches", null, "match_image", image(SELFIE)), 400,
                "Missing required parameter.");
        assertError(t.upload("POST", "/v1/id_matches", null, "id_image", image(DOCUMENT_UTO)), 400,
                "Missing required parameter.");
    }

    // ---- Querying ID Matches ----

    @Test
    public void queryingIdMatches_GetAllRegistersNoResults_AndExactRegisterByMatchKeyNoResults() throws Exception {
        Tenant t = tenant("idh-none");
        Answer answer = t.idMatches(null);
        assertOk(answer, "Succeeded.");
        assertFields(answer.body, answer.json, "status", "message", "id_matches");
        assertEquals("[]", answer.json.get("id_matches").toString());
        assertEquals("[]", t.idMatches("match_key=T1ReYeSxi22KljZVJUShpjN").json.get("id_matches").toString());
    }

    @Test
    public void queryingIdMatches_ByMatchKey_ByDateGte_ByDateLt_ByInterval_AllAndLimit() throws Exception {
        Tenant t = tenant("idh");
        byte[] selfie = image(SELFIE);
        Answer a = t.idMatch("liveness=false", selfie, documentOf(SELFIE)); // 200
        Instant aDate = assertDate("date", a.json.get("id_match").get("date"));
        long boundary = nextSecondAfter(aDate);
        Answer b = t.idMatch("liveness=false&save_image=false", selfie, image(DOCUMENT_UTO)); // 417
        String ka = a.json.get("id_match").get("match_key").asText();
        String kb = b.json.get("id_match").get("match_key").asText();

        Answer all = t.idMatches(null);
        assertOk(all, "Succeeded.");
        JsonNode list = all.json.get("id_matches");
        assertEquals(List.of(ka, kb), fieldTexts(list, "match_key"));
        for (JsonNode entry : list) {
            assertFields(all.body, entry, "date", "match_key", "score", "status");
            assertDate(all.body, entry.get("date"));
            assertScore(all.body, entry.get("score"));
        }
        assertEquals(200, list.get(0).get("status").asInt());
        assertEquals(417, list.get(1).get("status").asInt());
        assertEquals(a.json.get("id_match").get("score").asText(), list.get(0).get("score").asText());

        Answer byKey = t.idMatches("match_key=" + kb);
        assertEquals(byKey.body, List.of(kb), fieldTexts(byKey.json.get("id_matches"), "match_key"));
        assertEquals(List.of(kb), fieldTexts(t.idMatches("date_gte=" + boundary).json.get("id_matches"), "match_key"));
        assertEquals(List.of(ka), fieldTexts(t.idMatches("date_lt=" + boundary).json.get("id_matches"), "match_key"));
        assertEquals(List.of(ka), fieldTexts(t.idMatches("date_gte=" + (boundary - 60) + "&date_lt=" + boundary)
                .json.get("id_matches"), "match_key"));
        assertEquals(List.of(ka), fieldTexts(t.idMatches("limit=1").json.get("id_matches"), "match_key"));
        assertError(t.idMatches("date_gte=yesterday"), 400, "Parameter date_gte must be an integer Unix timestamp.");
    }
}
