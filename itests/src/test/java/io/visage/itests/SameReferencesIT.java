package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;

/**
 * Concurrency without stalls (issue 19): four clients mix every gallery write and read on the same six
 * references of one tenant. Every answer is the seed's JSON, none is a 5xx or the generic "Problem trying to
 * process request." (a database deadlock or lock timeout surfacing), every refusal is one the race explains
 * (the user was just deleted, already enrolled, ...), and afterwards the listing, 1:N matching and the groups
 * agree. The slowest answer is printed, not asserted (no timing assertions).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SameReferencesIT extends GalleryTestSupport {
    private static final int CLIENTS = 4;
    private static final long RUN_MILLIS = Long.getLong("visage.it.sameReferencesMillis", 40_000);
    private static final String GROUP = "mixed";
    private static final String[] IMAGES = {PENNY1, AMY1, HOWARD1, LEONARD1, BERNADETTE1, OBAMA};
    /** Refusals that concurrent changes of the same references explain. */
    private static final Pattern EXPLAINED = Pattern.compile("User ref\\d already exists\\.|User ref\\d not found\\."
            + "|User not found\\.|The gallery is empty\\.|Gallery for given request not found\\."
            + "|Association does not exist\\.");

    private record Outcome(String operation, int httpStatus, String body, long millis) {
    }

    @Test
    public void fourClientsMixingWritesAndReadsOnSixReferencesNeverStall() throws Exception {
        Tenant t = tenant("same-refs");
        byte[][] images = new byte[IMAGES.length][];
        for (int i = 0; i < IMAGES.length; i++) {
            images[i] = image(IMAGES[i]);
        }
        assertError(t.createGroup(GROUP), 200, "Group " + GROUP + " successfully created.");
        for (int i = 0; i < 3; i++) {
            t.enrol("ref" + i, IMAGES[i]);
        }

        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        long end = System.currentTimeMillis() + RUN_MILLIS;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        AtomicLong seeds = new AtomicLong(19);
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(seeds.getAndIncrement());
            running.add(clients.submit(() -> {
                while (System.currentTimeMillis() < end) {
                    int ref = random.nextInt(IMAGES.length);
                    outcomes.add(step(t, random.nextInt(10), "ref" + ref, images[ref], random.nextBoolean()));
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get(RUN_MILLIS + 300_000, TimeUnit.MILLISECONDS);
        }
        clients.shutdown();

        Map<String, Integer> perOperation = new TreeMap<>();
        long slowest = 0;
        String slowestOperation = "";
        List<String> unexplained = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            perOperation.merge(outcome.operation(), 1, Integer::sum);
            if (outcome.millis() > slowest) {
                slowest = outcome.millis();
                slowestOperation = outcome.operation();
            }
            Answer answer = new Answer(outcome.httpStatus(), outcome.body());
            boolean json = answer.json != null && answer.json.has("status") && answer.json.has("message");
            boolean fine = json && outcome.httpStatus() == answer.json.get("status").asInt()
                    && (outcome.httpStatus() == 200
                            || outcome.httpStatus() == 400 && EXPLAINED.matcher(answer.message()).matches());
            if (!fine) {
                unexplained.add(outcome.operation() + " -> " + outcome.httpStatus() + " " + outcome.body());
            }
        }
        System.out.println("SameReferencesIT: " + outcomes.size() + " requests in " + RUN_MILLIS + " ms by "
                + CLIENTS + " clients " + perOperation + "; slowest " + slowest + " ms (" + slowestOperation + ")");
        assertTrue("requests ran", outcomes.size() > CLIENTS);
        assertEquals("answers no race explains: " + unexplained, List.of(), unexplained);

        assertConsistent(t, images[0]);
    }

    /** One request of the mix; never throws for an answer, only for a connection failure. */
    private Outcome step(Tenant t, int operation, String ref, byte[] image, boolean flag) throws Exception {
        long start = System.nanoTime();
        Answer answer;
        String name;
        switch (operation) {
            case 0 -> {
                name = "enrol";
                answer = t.register(ref, image, "liveness=false&save_image=" + flag);
            }
            case 1 -> {
                name = "update";
                answer = t.update(ref, image, "liveness=false&save_image=" + flag);
            }
            case 2 -> {
                name = "delete";
                answer = t.delete(ref);
            }
            case 3 -> {
                name = "group-add";
                answer = t.associate(GROUP, ref);
            }
            case 4 -> {
                name = "group-remove";
                answer = t.send("DELETE", "/v1/users_groups", "group_name=" + GROUP + "&user_reference=" + ref);
            }
            case 5 -> {
                name = "1:1";
                answer = t.match("liveness=false&save_image=" + flag + "&user_reference=" + ref, image);
            }
            case 6 -> {
                name = "1:N";
                answer = t.match("liveness=false&top_n=6&save_image=" + flag + (flag ? "&group_name=" + GROUP : ""),
                        image);
            }
            case 7 -> {
                name = "list";
                answer = flag ? t.users(null) : t.users("user_reference=" + ref);
            }
            case 8 -> {
                name = "memberships";
                answer = t.get("/v1/users_groups", null);
            }
            default -> {
                name = "history";
                answer = flag ? t.userLogs("user_reference=" + ref) : t.matches("user_reference=" + ref);
            }
        }
        return new Outcome(name, answer.httpStatus, answer.body, (System.nanoTime() - start) / 1_000_000);
    }

    /** The listing, the index (through 1:N) and the groups agree once the clients have stopped. */
    private void assertConsistent(Tenant t, byte[] probe) throws Exception {
        Set<String> listed = new TreeSet<>(t.userReferences());
        Answer oneToN = t.match("liveness=false&top_n=6", probe);
        if (listed.isEmpty()) {
            assertError(oneToN, 400, "The gallery is empty.");
        } else {
            assertOk(oneToN, "Request OK");
            JsonNode ranking = oneToN.json.get("gallery_match").get("top6");
            assertNotNull(oneToN.body, ranking);
            assertEquals("1:N ranks exactly the listed users", listed, new TreeSet<>(fieldTexts(ranking, "user_ref")));
        }
        Answer memberships = t.get("/v1/users_groups", null);
        assertOk(memberships, "Succeed");
        Set<String> members = new TreeSet<>(texts(memberships.json.get("groups").path(GROUP)));
        assertTrue("members " + members + " are users " + listed, listed.containsAll(members));
        if (!members.isEmpty()) {
            Answer inGroup = t.match("liveness=false&top_n=6&group_name=" + GROUP, probe);
            assertOk(inGroup, "Request OK");
            assertEquals("a group-restricted 1:N ranks exactly the members", members,
                    new TreeSet<>(fieldTexts(inGroup.json.get("gallery_match").get("top6"), "user_ref")));
        }
        for (String user : listed) {
            assertOk(t.match("liveness=false&user_reference=" + user, probe), "Request OK");
        }
    }
}
