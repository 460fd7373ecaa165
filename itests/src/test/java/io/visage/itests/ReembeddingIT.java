package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/**
 * Hot deployment of a new embedding model version: saved images are re-embedded in the background, the
 * tenant switches once complete, match decisions stay the same, and requests keep being answered. Removing
 * the new version falls back at once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ReembeddingIT extends VisageTestSupport {
    static final String EMBEDDING_MODEL = "io.visage.model.fr_feature";
    static final String NEW_VERSION = "0.0.2-itest";

    @Inject
    protected BundleContext bundleContext;

    private String auth;

    private Answer enrol(String reference, String image, boolean save) throws Exception {
        return http().send("POST", "/v1/users" + auth + "&liveness=false&save_image=" + save + "&user_reference="
                + reference, Form.multipart().file("image", image(image)));
    }

    private Answer match(String image) throws Exception {
        return http().send("POST", "/v2/gallery_matches" + auth + "&liveness=false&save_image=false&top_n=3",
                Form.multipart().file("image", image(image)));
    }

    private Answer verify(String reference, String image) throws Exception {
        return http().send("POST", "/v2/gallery_matches" + auth + "&liveness=false&save_image=false&user_reference="
                + reference, Form.multipart().file("image", image(image)));
    }

    /** The decision a partner sees: status and the best user. */
    private static String decision(Answer answer) {
        var match = answer.json.get("gallery_match");
        String top = match.has("top3") ? match.get("top3").get(0).get("user_ref").asText() : "-";
        return match.get("status").asInt() + " " + top;
    }

    private String reembeddingRow(String user) {
        for (String line : executeCommand("visage:reembedding").split("\\R")) {
            if (line.startsWith(user + " ")) {
                return line;
            }
        }
        return "";
    }

    private void awaitActiveModel(String user, String model) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!reembeddingRow(user).matches(user + "\\s+\\|\\s+" + java.util.regex.Pattern.quote(model) + ".*")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("tenant not switched to " + model + ": " + reembeddingRow(user));
            }
            Thread.sleep(250);
        }
    }

    @Test
    public void aNewEmbeddingModelIsRolledOutByReEmbeddingWithoutChangingDecisions() throws Exception {
        String user = uniqueName("reembed");
        auth = "?api_user=" + user + "&api_key=" + addApiUser(user, "gallery");
        assertEquals(200, enrol("penny", "faces/bbt_penny/faceapi__penny1.png", true).status());
        assertEquals(200, enrol("amy", "faces/bbt_amy/faceapi__amy1.png", true).status());
        assertEquals(200, http().send("PUT", "/v1/users" + auth + "&liveness=false&user_reference=amy",
                Form.multipart().file("image", image("faces/bbt_amy/faceapi__amy2.png"))).status());
        assertEquals(200, enrol("howard", "faces/bbt_howard/faceapi__howard1.png", true).status());
        assertEquals(200, enrol("leonard", "faces/bbt_leonard/faceapi__leonard1.png", false).status());

        String oneToMany = decision(match("faces/bbt_amy/faceapi__amy3.png"));
        int genuine = verify("penny", "faces/bbt_penny/faceapi__penny2.png").json.get("gallery_match").get("status").asInt();
        int impostor = verify("penny", "faces/bbt_howard/faceapi__howard2.png").json.get("gallery_match").get("status").asInt();
        assertEquals("200 amy", oneToMany);
        assertEquals(200, genuine);
        assertEquals(417, impostor);

        // Requests keep coming while the new model is installed, re-embedded and removed again.
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    Answer answer = match("faces/bbt_amy/faceapi__amy3.png");
                    if (answer.json == null || answer.httpStatus != 200 || !"200 amy".equals(decision(answer))) {
                        failures.add(answer.toString());
                    }
                    answered.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        load.start();
        Bundle original = null;
        for (Bundle bundle : bundleContext.getBundles()) {
            if (EMBEDDING_MODEL.equals(bundle.getSymbolicName())) {
                original = bundle;
            }
        }
        Path replacement = ModelBundles.repackage(original, "itest2", NEW_VERSION, 10, Map.of());
        String installed = executeAdminCommand("bundle:install -s " + replacement.toUri());
        String id = installed.replaceAll("(?s).*Bundle ID: (\\d+).*", "$1").trim();
        try {
            awaitActiveModel(user, "fr_feature:" + NEW_VERSION);
            // --watch follows the progress live and returns once every tenant is done, with the table.
            String watched = executeCommand("visage:reembedding --watch");
            assertTrue(watched, watched.matches("(?s).*" + user + "\\s+\\|\\s+fr_feature:"
                    + NEW_VERSION.replace(".", "\\.") + ".*"));
            String stats = executeCommand("visage:gallery-stats");
            assertTrue(stats, stats.matches("(?s).*" + user + ".*fr_feature:" + NEW_VERSION.replace(".", "\\.")
                    + "=4.*"));
            assertTrue("leonard has no saved image: must re-enrol", reembeddingRow(user).contains("leonard"));
            assertEquals("200 amy", decision(match("faces/bbt_amy/faceapi__amy3.png")));
            assertEquals(genuine, verify("penny", "faces/bbt_penny/faceapi__penny2.png").json.get("gallery_match")
                    .get("status").asInt());
            assertEquals(impostor, verify("penny", "faces/bbt_howard/faceapi__howard2.png").json.get("gallery_match")
                    .get("status").asInt());
        } finally {
            executeAdminCommand("bundle:uninstall " + id);
        }
        awaitActiveModel(user, "fr_feature:0.0.1");
        assertEquals("200 amy", decision(match("faces/bbt_amy/faceapi__amy3.png")));
        running.set(false);
        load.join();
        assertTrue("requests answered during the roll-out: " + answered.get(), answered.get() > 0);
        assertEquals("every request during the roll-out was answered with the same decision", List.of(), failures);
    }

    /**
     * The two real embedding models: raising face-api's ResNet-34 above fr_feature re-embeds the gallery with
     * it (its own dlib crop, its own calibrated grade), with the same decisions; lowering it falls back.
     */
    @Test
    public void switchingToTheSecondRealEmbeddingModelAndBack() throws Exception {
        String user = uniqueName("faceapi");
        auth = "?api_user=" + user + "&api_key=" + addApiUser(user, "gallery");
        assertEquals(200, enrol("penny", "faces/bbt_penny/faceapi__penny1.png", true).status());
        assertEquals(200, enrol("amy", "faces/bbt_amy/faceapi__amy1.png", true).status());
        assertEquals(200, enrol("howard", "faces/bbt_howard/faceapi__howard1.png", true).status());
        String before = decision(match("faces/bbt_amy/faceapi__amy3.png"));
        int genuine = verify("penny", "faces/bbt_penny/faceapi__penny2.png").json.get("gallery_match").get("status").asInt();
        int impostor = verify("penny", "faces/bbt_howard/faceapi__howard2.png").json.get("gallery_match").get("status").asInt();
        executeAdminCommand("config:property-set -p io.visage.model.faceapi_resnet34 service.ranking 20");
        try {
            awaitActiveModel(user, "faceapi_resnet34:1.7.15-2");
            Answer after = match("faces/bbt_amy/faceapi__amy3.png");
            assertEquals(after.body, "0.9300", after.json.get("gallery_match").get("saffe_grade").asText());
            assertEquals(before, decision(after));
            assertEquals(genuine, verify("penny", "faces/bbt_penny/faceapi__penny2.png").json.get("gallery_match")
                    .get("status").asInt());
            assertEquals(impostor, verify("penny", "faces/bbt_howard/faceapi__howard2.png").json.get("gallery_match")
                    .get("status").asInt());
            String stats = executeCommand("visage:gallery-stats");
            assertTrue(stats, stats.matches("(?s).*" + user + ".*faceapi_resnet34:1\\.7\\.15-2=3.*"));
        } finally {
            executeAdminCommand("config:property-set -p io.visage.model.faceapi_resnet34 service.ranking -10");
        }
        awaitActiveModel(user, "fr_feature:0.0.1");
        Answer back = match("faces/bbt_amy/faceapi__amy3.png");
        assertEquals(back.body, "0.3390", back.json.get("gallery_match").get("saffe_grade").asText());
        assertEquals(before, decision(back));
    }
}
