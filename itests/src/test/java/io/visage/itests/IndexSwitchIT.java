package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.visage.itests.Http.Answer;

/**
 * The operator switches the template index exact -> HNSW -> exact with {@code visage:index-backend} while a
 * partner keeps matching: the HNSW feature installs offline from the distribution, each new backend is built
 * in the background, and every answer meanwhile is the seed's JSON 200 with the same top-1 decision.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class IndexSwitchIT extends GalleryTestSupport {

    /** The distribution exports the Vector API to the exact index, which then scans its int8 sketch first. */
    @Test
    public void theExactIndexScansOnVectorLanes() throws Exception {
        String log = karafLog();
        assertTrue("the exact index did not report its scan", log.contains("Exact index: "));
        assertTrue("the exact index fell back to the float scan", log.contains("int8 sketch on Vector API lanes"));
    }

    @Test
    public void exactToHnswAndBackUnderLoadKeepsEveryAnswerAndDecision() throws Exception {
        Tenant tenant = tenant("indexswitch");
        tenant.enrol("penny", PENNY1);
        tenant.enrol("amy", AMY1);
        tenant.enrol("howard", HOWARD1);
        tenant.enrol("leonard", LEONARD1);
        byte[] probe = image(PENNY2);
        Answer before = tenant.match("liveness=false&top_n=3", probe);
        assertOk(before, "Request OK");
        String decision = decision(before);
        assertEquals(before.toString(), "penny " + MATCH, decision);

        String installed = executeAdminCommand("feature:install -r visage-index-hnsw");
        assertFalse(installed, installed.contains("Error"));
        // Storage and the index bundles start before the gallery and stop after it: otherwise a restart fills the
        // exact index from storage before anything answers, and a shutdown leaves no mark (BENCHMARKS.md, 1M).
        int gallery = startLevel("visage-core");
        for (String early : List.of("visage-index-hnsw", "visage-index-switch", "visage-index-exact", "visage-storage-jdbc")) {
            assertTrue(early + " starts at the level of the gallery or after it", startLevel(early) < gallery);
        }
        assertTrue("the HNSW index stops before the switch", startLevel("visage-index-hnsw") < startLevel("visage-index-switch"));
        List<String> bad = new CopyOnWriteArrayList<>();
        AtomicInteger answers = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    Answer a = tenant.match("liveness=false&top_n=3", probe);
                    answers.incrementAndGet();
                    if (a.json == null || a.httpStatus != 200 || !decision.equals(decision(a))) {
                        bad.add(a.toString());
                    }
                } catch (Exception e) {
                    bad.add(e.toString());
                }
            }
        }, "index-switch-load");
        load.start();
        try {
            String chosen = executeAdminCommand("visage:index-backend hnsw");
            assertTrue(chosen, chosen.contains("Index mode hnsw chosen."));
            awaitInfo("hnsw\\s+serving", "exact\\s+idle");
            // the HNSW bundle sees the same Vector API export: its graph is scored on SIMD lanes, not Lucene's scalar code
            assertTrue("the HNSW index fell back to Lucene's scorers",
                    karafLog().contains("graph scores by SimdVectorScorer(Vector API lanes)"));
            int onHnsw = answers.get();
            Thread.sleep(1000); // answers from the HNSW index alone
            assertTrue("matched while on HNSW", answers.get() > onHnsw);

            // --wait shows the build's progress and returns once it is done: the table printed last has no build.
            chosen = executeAdminCommand("visage:index-backend --wait exact");
            assertTrue(chosen, chosen.contains("Index mode exact chosen."));
            assertFalse(chosen, java.util.regex.Pattern.compile("exact\\s+building").matcher(chosen).find());
            awaitInfo("exact\\s+serving", "hnsw\\s+idle");
            Thread.sleep(500);
        } finally {
            running.set(false);
            load.join(30_000);
            executeAdminCommand("visage:index-backend exact");
            executeAdminCommand("feature:uninstall -r visage-index-hnsw");
        }
        assertTrue("answers other than JSON 200 with top-1 " + decision + ": " + bad, bad.isEmpty());
        assertTrue("the load thread matched", answers.get() >= 3);
        String refused = executeAdminCommand("visage:index-backend fastest");
        assertTrue(refused, refused.contains("unknown index mode"));
        assertEquals(decision, decision(tenant.match("liveness=false&top_n=3", probe)));
    }

    /** A bundle's start level, from {@code bundle:list} ("id | state | level | version | name"). */
    private int startLevel(String symbolicName) throws Exception {
        for (String line : executeAdminCommand("bundle:list -t 0 -s").split("\\R")) {
            String[] columns = line.split("\\|");
            if (columns.length == 5 && columns[4].trim().equals(symbolicName)) {
                return Integer.parseInt(columns[2].trim());
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private static String decision(Answer answer) {
        if (answer.json == null || !answer.json.has("gallery_match")) {
            return String.valueOf(answer);
        }
        var match = answer.json.get("gallery_match");
        return match.get("top3").get(0).get("user_ref").asText() + " " + match.get("message").asText();
    }

    /** Waits (at most 60 s) until visage:index-info shows every pattern. */
    private void awaitInfo(String... patterns) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        String info = "";
        while (System.currentTimeMillis() < deadline) {
            info = executeAdminCommand("visage:index-info");
            String shown = info;
            if (java.util.Arrays.stream(patterns).allMatch(p -> Pattern.compile(p).matcher(shown).find())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("visage:index-info never showed " + List.of(patterns) + ":\n" + info);
    }
}
