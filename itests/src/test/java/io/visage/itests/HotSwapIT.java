package io.visage.itests;

import static io.visage.itests.FaceDetectionIT.assertDetection;
import static io.visage.itests.FaceDetectionIT.assertError;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/**
 * The design's promise, on the running platform and under requests: model bundles are stopped, started,
 * replaced by a better-ranked version and removed again without a restart, and every request meanwhile gets
 * a JSON answer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HotSwapIT extends VisageTestSupport {
    static final String LIVENESS_MODEL = "io.visage.model.fr_liveness";
    static final String STAGE_ERROR = "There was an error. Try again or contact Saffe for support.";
    /** The version the replacement model declares; the original declares the npm package's 0.0.1. */
    static final String REPLACEMENT_VERSION = "0.0.2-itest";

    @Inject
    protected BundleContext bundleContext;

    private String auth;
    private final List<Long> installed = new ArrayList<>();

    @Before
    public void apiUser() {
        String user = uniqueName("swap");
        auth = "?api_user=" + user + "&api_key=" + addApiUser(user, "liveness,detection");
    }

    /** Leave the platform as found: replacement bundles gone, the original model started and serving. */
    @After
    public void restorePlatform() throws Exception {
        for (Long id : installed) {
            Bundle bundle = bundleContext.getBundle(id);
            if (bundle != null) {
                executeAdminCommand("bundle:uninstall " + id);
            }
        }
        Bundle original = originalLivenessModel();
        if (original.getState() != Bundle.ACTIVE) {
            executeAdminCommand("bundle:start " + original.getBundleId());
        }
        awaitLiveness("the original model serves again", a -> a.httpStatus == 200);
    }

    private Answer liveness(byte[] image) throws Exception {
        return http().send("POST", "/v2/liveness_detections" + auth,
                Form.multipart().file("image", image).field("save_image", "false"));
    }

    private Answer detect(byte[] image) throws Exception {
        return http().send("POST", "/v0/face_detections" + auth, Form.multipart().file("image", image));
    }

    private Answer awaitLiveness(String what, Predicate<Answer> condition) throws Exception {
        byte[] live = image(LivenessIT.LIVE);
        long deadline = System.currentTimeMillis() + 20_000;
        Answer answer;
        do {
            answer = liveness(live);
            if (condition.test(answer)) {
                return answer;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("within 20 s: " + what + "; last answer " + answer);
    }

    private static String score(Answer answer) {
        return answer.json.get("liveness").get("score").asText();
    }

    private Bundle originalLivenessModel() {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (LIVENESS_MODEL.equals(bundle.getSymbolicName()) && !installed.contains(bundle.getBundleId())) {
                return bundle;
            }
        }
        throw new AssertionError(LIVENESS_MODEL + " is not installed");
    }

    @Test
    public void stoppingTheLivenessModelFailsOnlyLivenessAndStartingRestoresIt() throws Exception {
        byte[] live = image(LivenessIT.LIVE);
        Answer before = liveness(live);
        LivenessIT.livenessBlock(before, 200);

        String stopped = executeAdminCommand("bundle:stop " + LIVENESS_MODEL);
        assertFalse(stopped, stopped.contains("Error") || stopped.contains("Exception"));
        assertEquals(Bundle.RESOLVED, originalLivenessModel().getState());
        // Without a model the liveness stage is gone: the seed's general "try again" error, in JSON.
        Answer refused = awaitLiveness("liveness refused while its model is stopped", a -> a.httpStatus != 200);
        assertError(refused, 400, STAGE_ERROR);
        assertError(liveness(live), 400, STAGE_ERROR);
        // Detection does not need it and keeps working.
        assertDetection(detect(live), 200, "Success", "adequate");

        executeAdminCommand("bundle:start " + LIVENESS_MODEL);
        Answer after = awaitLiveness("liveness back after bundle:start", a -> a.httpStatus == 200);
        LivenessIT.livenessBlock(after, 200);
        assertEquals("the same model gives the same score", score(before), score(after));
    }

    @Test
    public void aHigherRankedModelVersionTakesOverWithoutRestartAndRemovingItFallsBack() throws Exception {
        byte[] live = image(LivenessIT.LIVE);
        Answer original = liveness(live);
        LivenessIT.livenessBlock(original, 200);
        Path replacement = replacementLivenessModel();

        List<String> badAnswers = new CopyOnWriteArrayList<>();
        List<Integer> answered = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            byte[] portrait = null;
            try {
                portrait = image("faces/bbt_amy/faceapi__amy1.png");
            } catch (IOException e) {
                badAnswers.add(e.toString());
            }
            int i = 0;
            while (running.get()) {
                try {
                    Answer a = (i++ % 2 == 0) ? liveness(live) : detect(portrait);
                    answered.add(a.httpStatus);
                    boolean ok = a.json != null && a.httpStatus < 500 && a.json.has("status")
                            && a.status() == a.httpStatus
                            && (a.httpStatus == 200 || (a.httpStatus == 400 && STAGE_ERROR.equals(a.message())));
                    if (!ok) {
                        badAnswers.add(a.toString());
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    badAnswers.add(e.toString());
                }
            }
        }, "hot-swap-load");
        load.start();
        try {
            String output = executeAdminCommand("bundle:install -s " + replacement.toUri());
            Matcher id = Pattern.compile("Bundle ID: (\\d+)").matcher(output);
            assertTrue(output, id.find());
            long replacementId = Long.parseLong(id.group(1));
            installed.add(replacementId);
            assertEquals(output, Bundle.ACTIVE, bundleContext.getBundle(replacementId).getState());

            // The replacement declares R,G,B input: the same network then scores this photo differently, so
            // the score tells which model served the request.
            Answer switched = awaitLiveness("the replacement model serves",
                    a -> a.httpStatus == 200 && !score(a).equals(score(original)));
            LivenessIT.livenessBlock(switched, 200);
            assertEquals("the replacement serves every following request", score(switched), score(liveness(live)));
            String log = karafLog();
            if (log.contains("liveness uses model fr_liveness:")) { // the stage's bind line reaches karaf.log
                assertTrue("the stage logged its switch", log.contains("liveness uses model fr_liveness:" + REPLACEMENT_VERSION));
            }
            String services = executeAdminCommand("service:list io.visage.api.model.ModelService");
            assertTrue(services, services.contains(REPLACEMENT_VERSION));
            // Both versions are registered; the original is still there, merely outranked.
            assertEquals(Bundle.ACTIVE, originalLivenessModel().getState());

            String removed = executeAdminCommand("bundle:uninstall " + replacementId);
            assertFalse(removed, removed.contains("Error"));
            Answer back = awaitLiveness("the original model serves again after the replacement is removed",
                    a -> a.httpStatus == 200 && score(a).equals(score(original)));
            LivenessIT.livenessBlock(back, 200);
            Thread.sleep(300);
        } finally {
            running.set(false);
            load.join(30_000);
        }
        assertTrue("requests were served during the swap: " + answered.size(), answered.size() >= 4);
        assertTrue("answers that were not JSON, 5xx or not the seed's shape during the swap: " + badAnswers,
                badAnswers.isEmpty());
        assertFalse("no request failed during an install with a higher ranking: " + answered, answered.contains(400));
    }

    /**
     * The installed fr_liveness model bundle repackaged as a replacement: Bundle-Version 0.1.0.itest2,
     * service.ranking 10 in its component description, model version {@value #REPLACEMENT_VERSION} and
     * R,G,B input order in its metadata. Same symbolic name, as a new version of a model is deployed.
     */
    private Path replacementLivenessModel() throws IOException {
        return ModelBundles.repackage(originalLivenessModel(), "itest2", REPLACEMENT_VERSION, 10,
                Map.of("visage.model.colour", "RGB"));
    }

    @Test
    public void theOriginalModelServesAgainAfterTheSwapTests() throws Exception {
        // Guard for the classes sharing the container: after this class, one liveness model, the original.
        int models = 0;
        for (Bundle bundle : bundleContext.getBundles()) {
            if (LIVENESS_MODEL.equals(bundle.getSymbolicName())) {
                models++;
                assertEquals(Bundle.ACTIVE, bundle.getState());
            }
        }
        assertEquals(1, models);
        Answer answer = liveness(image(LivenessIT.LIVE));
        assertNotNull(answer.json);
        assertNotEquals(answer.toString(), 400, answer.httpStatus);
    }
}
