package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.visage.api.gallery.MatchDecision;

public class GalleryIndexTest extends GalleryFixture {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @After
    public void stop() {
        threads.shutdownNow();
    }

    @Test
    public void aNewlyBoundBackendIsFilledFromStorageBeforeItServes() {
        register(ACME, "penny", "penny");
        register(BETA, "amy", "amy");
        gallery.createGroup(ACME, "friends");
        gallery.addToGroup(ACME, "friends", "penny");
        BruteForceIndex replacement = new BruteForceIndex();
        index.bindIndex(replacement);
        assertEquals(BruteForceIndex.class.getName(), index.indexBackend());
        assertEquals(List.of("penny"), replacement.users(ACME.id()));
        assertEquals(List.of("amy"), replacement.users(BETA.id()));
        assertEquals(set("friends"), replacement.groupsOf(ACME.id(), "penny"));
        assertEquals(MatchDecision.MATCH, identify(ACME, FakeStages.face("penny"), 1, "friends").decision());
        assertEquals(2, index.rebuildIndex());
    }

    /**
     * A rebuild reads storage without holding writes back; what they change meanwhile reaches the new content
     * (the fake index even loses writes made during its rebuild, which a real one need not).
     */
    @Test
    public void writesDuringARebuildNeitherWaitNorGetLost() throws Exception {
        register(ACME, "penny", "penny");
        register(ACME, "amy", "amy");
        CountDownLatch rebuilding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        BruteForceIndex replacement = new BruteForceIndex();
        replacement.duringRebuild = () -> {
            rebuilding.countDown();
            await(finish);
        };
        Future<?> rebuild = threads.submit(() -> index.bindIndex(replacement));
        assertTrue(rebuilding.await(5, TimeUnit.SECONDS));

        threads.submit(() -> {
            register(ACME, "howard", "howard");
            gallery.delete(ACME, "amy");
            gallery.createGroup(ACME, "friends");
            gallery.addToGroup(ACME, "friends", "penny");
        }).get(5, TimeUnit.SECONDS);
        assertFalse("the rebuild is still reading", rebuild.isDone());
        assertEquals("the old index serves meanwhile", List.of("howard", "penny"), templates.users(ACME.id()));

        finish.countDown();
        rebuild.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("howard", "penny"), replacement.users(ACME.id()));
        assertEquals(set("friends"), replacement.groupsOf(ACME.id(), "penny"));
        assertEquals(BruteForceIndex.class.getName(), index.indexBackend());
        assertEquals(List.of("penny"), identify(ACME, FakeStages.face("penny"), 5, "friends").ranking().stream()
                .map(c -> c.userReference()).toList());
    }

    @Test
    public void writesOfAnotherTenantDoNotWaitForATenantsWrite() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        threads.submit(() -> index.write(ACME.id(), () -> {
            inside.countDown();
            await(release);
            return null;
        }, nothing -> target -> {
        }));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        threads.submit(() -> register(BETA, "amy", "amy")).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("amy"), references(BETA));
        Future<?> sameTenant = threads.submit(() -> register(ACME, "penny", "penny"));
        Thread.sleep(200);
        assertFalse("a write of the same tenant waits", sameTenant.isDone());
        release.countDown();
        sameTenant.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("penny"), templates.users(ACME.id()));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
