package io.visage.itests;

import static io.visage.itests.FaceDetectionIT.assertError;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/**
 * {@code POST /v2/liveness_detections} (one or two images, capture checks enforced) and the history
 * {@code GET /v1/liveness_detections}, per tenant, on the running platform.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class LivenessIT extends VisageTestSupport {
    static final String LIVE = "liveness/live/sfas__image_T1.jpg";
    static final String LIVE_2 = "liveness/live/sfashist__image_T1_c3e2048.jpg";
    static final String SPOOF = "liveness/spoof/sfas__image_F1.jpg";
    static final String SPOOF_PRINT = "liveness/spoof/sfashist__image_F1_c3e2048.jpg";

    private String user;
    private String auth;

    @Before
    public void apiUser() {
        user = uniqueName("live");
        auth = "api_user=" + user + "&api_key=" + addApiUser(user, "liveness");
    }

    private Answer liveness(byte[] image, byte[] image2) throws Exception {
        Form form = Form.multipart().file("image", image);
        if (image2 != null) {
            form.file("image2", image2);
        }
        return http().send("POST", "/v2/liveness_detections?" + auth, form);
    }

    private Answer history(String query) throws Exception {
        return historyOf(auth, query);
    }

    private Answer historyOf(String credentials, String query) throws Exception {
        Answer answer = http().get("/v1/liveness_detections?" + credentials + query);
        assertEquals(answer.toString(), 200, answer.httpStatus);
        assertEquals(answer.toString(), "Succeeded.", answer.message());
        assertTrue(answer.toString(), answer.json.get("liveness_detections").isArray());
        return answer;
    }

    /** The liveness block of a 200 "Request OK" answer, checked for the seed's shape. */
    static JsonNode livenessBlock(Answer answer, int livenessStatus) {
        assertNotNull("not JSON: " + answer, answer.json);
        assertEquals(answer.toString(), 200, answer.httpStatus);
        assertEquals(answer.toString(), 200, answer.status());
        assertEquals(answer.toString(), "Request OK", answer.message());
        JsonNode block = answer.json.get("liveness");
        assertNotNull(answer.toString(), block);
        assertEquals(answer.toString(), livenessStatus, block.get("status").asInt());
        assertTrue(answer.toString(), block.get("score").asText().matches("\\d+\\.\\d{4}"));
        assertEquals(answer.toString(), "0.3000", block.get("threshold").asText());
        assertFalse(answer.toString(), block.get("detection_key").asText().isEmpty());
        assertFalse(answer.toString(), block.get("date").asText().isEmpty());
        double score = score(block);
        double threshold = block.get("threshold").asDouble();
        if (livenessStatus == 200) {
            assertEquals(answer.toString(), "Live person detected.", block.get("message").asText());
            assertTrue(answer.toString(), score >= threshold);
        } else {
            assertFalse(answer.toString(), block.get("message").asText().isEmpty());
            assertNotEquals(answer.toString(), "Live person detected.", block.get("message").asText());
            assertTrue(answer.toString(), score < threshold);
        }
        return block;
    }

    static double score(JsonNode block) {
        return Double.parseDouble(block.get("score").asText());
    }

    @Test
    public void livePersonPassesWellAboveTheThreshold() throws Exception {
        JsonNode block = livenessBlock(liveness(image(LIVE), null), 200);
        assertTrue(block.toString(), score(block) > 0.9);
        livenessBlock(liveness(image(LIVE_2), null), 200);
    }

    @Test
    public void spoofsFailWith403InTheLivenessBlock() throws Exception {
        JsonNode block = livenessBlock(liveness(image(SPOOF), null), 403);
        assertTrue(block.toString(), score(block) < 0.05);
        livenessBlock(liveness(image(SPOOF_PRINT), null), 403);
    }

    @Test
    public void twoImagesKeepTheLowerScoreAndBothMustPass() throws Exception {
        double live = score(livenessBlock(liveness(image(LIVE), null), 200));
        double live2 = score(livenessBlock(liveness(image(LIVE_2), null), 200));
        double spoof = score(livenessBlock(liveness(image(SPOOF), null), 403));
        JsonNode both = livenessBlock(liveness(image(LIVE), image(LIVE_2)), 200);
        assertEquals(both.toString(), Math.min(live, live2), score(both), 1e-9);
        JsonNode mixed = livenessBlock(liveness(image(LIVE), image(SPOOF)), 403);
        assertEquals(mixed.toString(), spoof, score(mixed), 1e-9);
        livenessBlock(liveness(image(SPOOF), image(LIVE)), 403);
    }

    @Test
    public void captureChecksAreEnforcedWithTheSeedsMessages() throws Exception {
        BufferedImage portrait = FaceImages.decode(image(FaceImages.PORTRAIT));
        byte[] tooFar = FaceImages.tooFar(portrait);
        assertError(liveness(tooFar, null), 415, "The face is too far.");
        assertError(liveness(FaceImages.tooClose(portrait), null), 415, "The face is too close.");
        assertError(liveness(FaceImages.descentralized(portrait), null), 415, "The face is not enough centralized.");
        assertError(liveness(image("groups/faceapi__bbt1.jpg"), null), 415,
                "The image is in wrong orientation. Must be portrait.");
        assertError(liveness(image("documents/passporteye__100_id-che.jpg"), null), 400,
                "Could not detect a face. Try another image.");
        // image2 is checked as well.
        assertError(liveness(image(LIVE), tooFar), 415, "The face is too far.");
        // The seed's image errors apply to liveness too.
        assertError(liveness("not an image at all".getBytes(), null), 415, "Invalid image.");
        assertError(http().send("POST", "/v2/liveness_detections?" + auth, Form.multipart().field("save_image", "false")),
                400, "Missing required parameter.");
    }

    @Test
    public void historyFindsByKeyFiltersByDateAndLimitAndStaysInItsTenant() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        List<JsonNode> made = new ArrayList<>();
        made.add(livenessBlock(liveness(image(LIVE), null), 200));
        made.add(livenessBlock(liveness(image(SPOOF), null), 403));
        made.add(http().send("POST", "/v2/liveness_detections?" + auth,
                Form.multipart().file("image", image(LIVE_2)).field("save_image", "false")).json.get("liveness"));
        long after = System.currentTimeMillis() / 1000 + 1;

        JsonNode all = history("").json.get("liveness_detections");
        assertEquals(all.toString(), 3, all.size());
        for (int i = 0; i < 3; i++) {
            JsonNode record = all.get(i);
            JsonNode sent = made.get(i);
            assertEquals(all.toString(), sent.get("detection_key").asText(), record.get("detection_key").asText());
            assertEquals(all.toString(), sent.get("score").asText(), record.get("score").asText());
            assertEquals(all.toString(), sent.get("status").asInt(), record.get("status").asInt());
            assertEquals(all.toString(), sent.get("date").asText(), record.get("date").asText());
        }

        String key = made.get(1).get("detection_key").asText();
        JsonNode one = history("&detection_key=" + key).json.get("liveness_detections");
        assertEquals(one.toString(), 1, one.size());
        assertEquals(one.toString(), key, one.get(0).get("detection_key").asText());
        assertEquals(one.toString(), 403, one.get(0).get("status").asInt());
        assertEquals(0, history("&detection_key=no-such-key").json.get("liveness_detections").size());

        assertEquals(3, history("&date_gte=" + before + "&date_lt=" + after).json.get("liveness_detections").size());
        assertEquals(0, history("&date_gte=" + after).json.get("liveness_detections").size());
        assertEquals(0, history("&date_lt=" + before).json.get("liveness_detections").size());
        JsonNode limited = history("&limit=2").json.get("liveness_detections");
        assertEquals(limited.toString(), 2, limited.size());
        assertEquals(made.get(0).get("detection_key").asText(), limited.get(0).get("detection_key").asText());
        assertEquals(made.get(1).get("detection_key").asText(), limited.get(1).get("detection_key").asText());

        // Empty parameters, as Postman sends them, mean "not given".
        assertEquals(3, history("&detection_key=&date_gte=&date_lt=&limit=").json.get("liveness_detections").size());

        // Another tenant sees nothing of these, not even by key.
        String other = uniqueName("otherlive");
        String otherAuth = "api_user=" + other + "&api_key=" + addApiUser(other, "liveness");
        assertEquals(0, historyOf(otherAuth, "").json.get("liveness_detections").size());
        assertEquals(0, historyOf(otherAuth, "&detection_key=" + key).json.get("liveness_detections").size());
    }

    @Test
    public void requestsRefusedByACaptureCheckAreInTheHistory() throws Exception {
        BufferedImage portrait = FaceImages.decode(image(FaceImages.PORTRAIT));
        JsonNode judged = livenessBlock(liveness(image(LIVE), null), 200);
        assertError(liveness(FaceImages.tooClose(portrait), null), 415, "The face is too close.");
        assertError(liveness(image("documents/passporteye__100_id-che.jpg"), null), 400,
                "Could not detect a face. Try another image.");
        assertError(liveness(image(LIVE), FaceImages.tooFar(portrait)), 415, "The face is too far.");
        // Not a capture refusal: neither an unreadable upload nor a request without an image is recorded.
        assertError(liveness("not an image at all".getBytes(), null), 415, "Invalid image.");
        assertError(http().send("POST", "/v2/liveness_detections?" + auth, Form.multipart().field("save_image", "false")),
                400, "Missing required parameter.");

        JsonNode all = history("").json.get("liveness_detections");
        assertEquals(all.toString(), 4, all.size());
        JsonNode first = all.get(0);
        assertEquals(all.toString(), judged.get("detection_key").asText(), first.get("detection_key").asText());
        assertEquals(all.toString(), judged.get("score").asText(), first.get("score").asText());
        assertFalse(all.toString(), first.has("message"));
        String[][] refused = {{"415", "The face is too close."}, {"400", "Could not detect a face. Try another image."},
            {"415", "The face is too far."}};
        Set<String> keys = new HashSet<>(Set.of(first.get("detection_key").asText()));
        for (int i = 0; i < refused.length; i++) {
            JsonNode entry = all.get(i + 1);
            assertEquals(all.toString(), Integer.parseInt(refused[i][0]), entry.get("status").asInt());
            assertEquals(all.toString(), refused[i][1], entry.get("message").asText());
            assertFalse(all.toString(), entry.has("score"));
            assertTrue(all.toString(), entry.get("detection_key").asText().matches("[A-Za-z0-9]{24}"));
            assertFalse(all.toString(), entry.get("date").asText().isEmpty());
            assertTrue(all.toString(), keys.add(entry.get("detection_key").asText()));
        }
        // A refused request is found by its key like any other.
        String key = all.get(1).get("detection_key").asText();
        JsonNode one = history("&detection_key=" + key).json.get("liveness_detections");
        assertEquals(one.toString(), 1, one.size());
        assertEquals(one.toString(), 415, one.get(0).get("status").asInt());
    }

    @Test
    public void nonIntegerDatesAreRefusedNamingTheParameter() throws Exception {
        assertError(http().get("/v1/liveness_detections?" + auth + "&date_gte=yesterday"), 400,
                "Parameter date_gte must be an integer Unix timestamp.");
        assertError(http().get("/v1/liveness_detections?" + auth + "&date_lt=1.5"), 400,
                "Parameter date_lt must be an integer Unix timestamp.");
    }
}
