package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/** The operator commands, run through the real Karaf shell against data created over HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AdminCommandsIT extends VisageTestSupport {
    private String user;
    private String auth;

    @Before
    public void tenantWithAGallery() throws Exception {
        user = uniqueName("ops");
        auth = "?api_user=" + user + "&api_key=" + addApiUser(user, null);
        for (String[] enrolment : new String[][] {{"amy", "faces/bbt_amy/faceapi__amy1.png"},
                {"penny", "faces/bbt_penny/faceapi__penny1.png"}}) {
            Answer answer = http().send("POST", "/v1/users" + auth + "&liveness=false&user_reference=" + enrolment[0],
                    Form.multipart().file("image", image(enrolment[1])));
            assertEquals(answer.toString(), 200, answer.status());
        }
    }

    private String row(String output, String start) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(start + " ")) {
                return line;
            }
        }
        throw new AssertionError("no row for " + start + " in\n" + output);
    }

    @Test
    public void galleryStatsCountUsersImagesAndTemplatesPerModel() {
        String row = row(executeCommand("visage:gallery-stats"), user);
        assertTrue(row, row.matches(user + "\\s+\\|\\s+2\\s+\\|\\s+2\\s+\\|\\s+\\{fr_feature:0\\.0\\.1=2\\}.*"));
    }

    @Test
    public void galleryUsersListsAndDeletesUsers() throws Exception {
        String list = executeCommand("visage:gallery-users " + user);
        assertTrue(list, list.contains("amy") && list.contains("penny"));
        assertTrue(executeCommand("visage:gallery-user-delete " + user + " amy").contains("deleted"));
        assertFalse(executeCommand("visage:gallery-users " + user).contains("amy"));
        Answer logs = http().get("/v1/user_logs" + auth + "&type=delete");
        assertEquals("amy", logs.json.get("user_logs").get(0).get("user_reference").asText());
        String again = executeCommand("visage:gallery-user-delete " + user + " amy");
        assertTrue(again, again.contains("User amy not found."));
        String unknown = executeCommand("visage:gallery-users nobody-" + System.nanoTime());
        assertTrue(unknown, unknown.startsWith("Error: No API user named"));
        assertFalse(unknown, unknown.contains("Exception"));
    }

    @Test
    public void purgeRemovesOldTransactionsButKeepsTheGallery() throws Exception {
        http().send("POST", "/v2/gallery_matches" + auth + "&liveness=false",
                Form.multipart().file("image", image("faces/bbt_amy/faceapi__amy2.png")));
        assertEquals(1, http().get("/v1/gallery_matches" + auth).json.get("gallery_matches").size());
        assertTrue(executeCommand("visage:purge --older-than-days 1").contains("purged"));
        assertEquals("a day-old cutoff keeps today's match", 1,
                http().get("/v1/gallery_matches" + auth).json.get("gallery_matches").size());
        String purged = executeCommand("visage:purge --older-than-days 0");
        assertTrue(purged, purged.matches("(?s)\\d+ transactions older than 0 days purged.*"));
        assertEquals(0, http().get("/v1/gallery_matches" + auth).json.get("gallery_matches").size());
        assertEquals(2, http().get("/v1/users" + auth).json.get("users").size());
    }

    @Test
    public void indexInfoAndRebuild() {
        String info = executeCommand("visage:index-info");
        assertTrue(info, info.contains("ExactTemplateIndex") && info.contains("Templates:"));
        // The exact index keeps nothing on disk: every start fills it from storage.
        assertTrue(info, info.matches("(?s).*Start: +filled from storage \\([\\d,]+ templates in [\\d,]+ ms\\).*"));
        String rebuilt = executeCommand("visage:index-rebuild");
        assertTrue(rebuilt, rebuilt.matches("(?s)Index rebuilt: \\d+ templates in \\d+ ms.*"));
    }

    @Test
    public void modelListShowsEveryKindAndModelUsePinsAndUnpins() throws Exception {
        String models = executeCommand("visage:model-list");
        for (String kind : new String[] {"face-detector", "face-landmarks", "face-embedding", "liveness", "head-pose",
                "eye-state"}) {
            assertTrue(models, models.contains(kind));
        }
        assertTrue(models, models.contains("ONNX Runtime threads"));
        String pinned = executeCommand("visage:model-use liveness fr_liveness:0.0.1");
        assertTrue(pinned, pinned.contains("now uses fr_liveness:0.0.1"));
        assertTrue(row(executeCommand("visage:model-list"), "liveness").contains("yes (pinned)"));
        // The liveness component is reconfigured: it answers again with the pinned model within moments.
        long deadline = System.currentTimeMillis() + 20_000;
        Answer answer;
        do {
            answer = http().send("POST", "/v2/liveness_detections" + auth + "&save_image=false",
                    Form.multipart().file("image", image("liveness/live/sfas__image_T1.jpg")));
        } while (answer.json.get("liveness") == null && System.currentTimeMillis() < deadline);
        assertEquals(answer.toString(), 200, answer.json.get("liveness").get("status").asInt());
        assertTrue(executeCommand("visage:model-use liveness auto").contains("highest-ranked"));
        String wrong = executeCommand("visage:model-use liveness fr_liveness:9.9");
        assertTrue(wrong, wrong.startsWith("Error: no liveness model"));
    }

    @Test
    public void templateSecretRotationChangesTheKeyOfReturnedTemplates() throws Exception {
        Answer before = http().send("POST", "/v1/users" + auth + "&liveness=false&return_template=true"
                + "&user_reference=t1", Form.multipart().file("image", image("faces/bbt_howard/faceapi__howard1.png")));
        assertTrue(executeCommand("visage:template-secret-rotate " + user).contains("rotated"));
        Answer after = http().send("POST", "/v1/users" + auth + "&liveness=false&return_template=true"
                + "&user_reference=t2", Form.multipart().file("image", image("faces/bbt_howard/faceapi__howard1.png")));
        String first = before.json.get("template").asText();
        String second = after.json.get("template").asText();
        assertTrue(first.startsWith("-----BEGIN PGP MESSAGE-----"));
        assertTrue(second.startsWith("-----BEGIN PGP MESSAGE-----"));
        assertNotEquals(first, second);
    }

    @Test
    public void theOptionalQualityGateRefusesPoorEnrolmentsOnlyWhileConfigured() throws Exception {
        executeAdminCommand("config:property-set -p io.visage.core.matching minQuality sharpness=1.01");
        try {
            // The configuration reaches the component asynchronously: until it does, enrolments still pass (a
            // loaded CI machine once took over 20 s).
            long deadline = System.currentTimeMillis() + 60_000;
            Answer refused;
            int attempt = 0;
            do {
                refused = http().send("POST", "/v1/users" + auth + "&liveness=false&user_reference=early" + attempt++,
                        Form.multipart().file("image", image("faces/bbt_howard/faceapi__howard1.png")));
            } while (refused.status() == 200 && System.currentTimeMillis() < deadline);
            assertEquals(refused.toString(), 400, refused.status());
            assertTrue(refused.message(), refused.message().startsWith("Face image quality too low: sharpness"));
        } finally {
            executeAdminCommand("config:property-delete -p io.visage.core.matching minQuality");
        }
        long deadline = System.currentTimeMillis() + 60_000;
        Answer accepted;
        do {
            accepted = http().send("POST", "/v1/users" + auth + "&liveness=false&user_reference=blurry",
                    Form.multipart().file("image", image("faces/bbt_howard/faceapi__howard1.png")));
        } while (accepted.status() != 200 && System.currentTimeMillis() < deadline);
        assertEquals(accepted.toString(), 200, accepted.status());
    }
}
