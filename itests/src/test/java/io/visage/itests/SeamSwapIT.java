package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.visage.itests.Http.Answer;

/**
 * Every seam is replaced while partners keep calling: a load thread per endpoint family runs while the index
 * bundle, the storage bundle or the detector's model is restarted or outranked. No answer may be anything but
 * the seed's JSON (never HTML, never 5xx); endpoints that do not use the swapped service answer 200 throughout;
 * the others answer 200 or the seed's "try again" error, and 200 again once the swap is over, with nothing
 * stored lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SeamSwapIT extends GalleryTestSupport {
    private static final String TRY_AGAIN = HotSwapIT.STAGE_ERROR;

    enum Family { DETECTION, LIVENESS, GALLERY_LIST, GALLERY_MATCH }

    @Inject
    protected BundleContext bundleContext;

    private Tenant tenant;
    private byte[] probe;

    @Before
    public void gallery() throws Exception {
        tenant = tenant("seam");
        tenant.enrol("penny", PENNY1);
        probe = image(PENNY2);
    }

    @Test
    public void restartingTheIndexLeavesDetectionAndLivenessUntouched() throws Exception {
        Map<Family, List<Integer>> answered = underLoad(() -> restart("visage-index-exact"));
        assertAllServed(answered, Family.DETECTION, Family.LIVENESS);
        assertMatchesAgain();
    }

    @Test
    public void restartingTheStorageLosesNothingAndAnswersOnlyJson() throws Exception {
        underLoad(() -> restart("visage-storage-jdbc"));
        assertMatchesAgain();
        assertEquals(List.of("penny"), tenant.userReferences());
    }

    @Test
    public void aSecondDetectorModelAtHigherRankingTakesOverWithoutAGap() throws Exception {
        Bundle detector = bundle("io.visage.model.fr_detect");
        java.nio.file.Path replacement = ModelBundles.repackage(detector, "itest3", "0.0.3-itest", 10, Map.of());
        long[] installed = new long[1];
        Map<Family, List<Integer>> answered = underLoad(() -> {
            String output = executeAdminCommand("bundle:install -s " + replacement.toUri());
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("Bundle ID: (\\d+)").matcher(output);
            assertTrue(output, id.find());
            installed[0] = Long.parseLong(id.group(1));
            Thread.sleep(1500);
            executeAdminCommand("bundle:uninstall " + installed[0]);
        });
        // The replacement is registered before the original is outranked, and removed after the original
        // takes over again: no request may fail at all.
        assertAllServed(answered, Family.values());
        assertMatchesAgain();
    }

    @Test
    public void aSecondLivenessModelAtHigherRankingTakesOverWithoutAGap() throws Exception {
        Bundle liveness = bundle("io.visage.model.fr_liveness");
        java.nio.file.Path replacement = ModelBundles.repackage(liveness, "itest4", "0.0.4-itest", 10, Map.of());
        Map<Family, List<Integer>> answered = underLoad(() -> {
            String output = executeAdminCommand("bundle:install -s " + replacement.toUri());
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("Bundle ID: (\\d+)").matcher(output);
            assertTrue(output, id.find());
            Thread.sleep(1500);
            executeAdminCommand("bundle:uninstall " + id.group(1));
        });
        assertAllServed(answered, Family.values());
        assertMatchesAgain();
    }

    private interface Swap {
        void run() throws Exception;
    }

    private void restart(String symbolicName) throws Exception {
        String output = executeAdminCommand("bundle:restart " + bundle(symbolicName).getBundleId());
        assertTrue(output, !output.contains("Error"));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /**
     * Runs the swap while one thread per family keeps calling, and for a while after it, until every family
     * answered 200 again. Fails on any answer that is not the seed's JSON, is 5xx, or is an error other than
     * "try again". Returns the HTTP statuses per family.
     */
    private Map<Family, List<Integer>> underLoad(Swap swap) throws Exception {
        byte[] live = image(LIVE);
        List<String> bad = new CopyOnWriteArrayList<>();
        Map<Family, List<Integer>> answered = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (Family family : Family.values()) {
            answered.put(family, new CopyOnWriteArrayList<>());
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        Answer a = call(family, live);
                        answered.get(family).add(a.httpStatus);
                        boolean json = a.json != null && a.json.has("status") && a.json.has("message");
                        boolean expected = a.httpStatus == 200 || (a.httpStatus == 400 && TRY_AGAIN.equals(a.message()));
                        if (!json || a.httpStatus >= 500 || !expected || a.status() != a.httpStatus) {
                            bad.add(family + ": " + a);
                        }
                        Thread.sleep(10);
                    } catch (Exception e) {
                        bad.add(family + ": " + e);
                    }
                }
            }, "seam-load-" + family);
            threads.add(thread);
            thread.start();
        }
        try {
            Thread.sleep(500);
            swap.run();
            // Until every family has answered 200 after the swap (at most 60 s).
            Map<Family, Integer> mark = new EnumMap<>(Family.class);
            answered.forEach((family, statuses) -> mark.put(family, statuses.size()));
            long deadline = System.currentTimeMillis() + 60_000;
            // a copy each time: a sub-list of a CopyOnWriteArrayList fails once the load thread adds to it
            while (!mark.entrySet().stream().allMatch(e -> {
                List<Integer> statuses = List.copyOf(answered.get(e.getKey()));
                return statuses.subList(e.getValue(), statuses.size()).contains(200);
            })) {
                assertTrue("every family answers 200 again within 60 s: " + summary(answered),
                        System.currentTimeMillis() < deadline);
                Thread.sleep(100);
            }
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
        assertTrue("answers other than the seed's JSON 200 or \"try again\": " + bad, bad.isEmpty());
        answered.forEach((family, statuses) -> assertTrue(family + " was called", statuses.size() >= 2));
        return answered;
    }

    private Answer call(Family family, byte[] live) throws Exception {
        switch (family) {
            case DETECTION:
                return tenant.upload("POST", "/v0/face_detections", null, "image", probe);
            case LIVENESS:
                return tenant.upload("POST", "/v2/liveness_detections", "save_image=false", "image", live);
            case GALLERY_LIST:
                return tenant.users(null);
            default:
                return tenant.match("liveness=false", probe);
        }
    }

    private static void assertAllServed(Map<Family, List<Integer>> answered, Family... families) {
        for (Family family : families) {
            List<Integer> statuses = answered.get(family);
            assertTrue(family + " answered 200 throughout: " + summary(answered),
                    statuses.stream().allMatch(status -> status == 200));
        }
    }

    private static String summary(Map<Family, List<Integer>> answered) {
        StringBuilder text = new StringBuilder();
        answered.forEach((family, statuses) -> text.append(family).append(' ').append(statuses.size())
                .append(" answers, ").append(statuses.stream().filter(s -> s != 200).count()).append(" not 200; "));
        return text.toString();
    }

    /** The gallery still finds its user 1:N: nothing of the index or storage was lost in the swap. */
    private void assertMatchesAgain() throws Exception {
        Answer answer = tenant.match("liveness=false", probe);
        assertOk(answer, "Request OK");
        assertEquals(answer.toString(), MATCH, answer.json.get("gallery_match").get("message").asText());
        assertEquals(answer.toString(), "penny", answer.json.get("gallery_match").get("top1").get(0).get("user_ref").asText());
    }
}
