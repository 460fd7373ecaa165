package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.visage.api.index.IndexEntry;
import io.visage.api.storage.ChangeFeed;
import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.StoredFace;

/**
 * Start-up with a persistent index: what it re-opened answers at once; storage is read only to check it (in the
 * background) unless a clean shutdown's mark shows it current, and it is rebuilt only when it differs.
 */
public class GalleryIndexStartTest extends GalleryFixture {
    private final AtomicLong sequence = new AtomicLong(7);
    private Path dir;
    private Path mark;
    private BruteForceIndex persisted;

    @Before
    public void persistedIndex() throws IOException {
        dir = Files.createTempDirectory("gallery-index-start");
        mark = dir.resolve("index-mark.properties");
        register(ACME, "penny", "penny");
        register(ACME, "amy", "amy");
        register(BETA, "howard", "howard");
        gallery.createGroup(ACME, "friends");
        gallery.addToGroup(ACME, "friends", "penny");
        persisted = new BruteForceIndex();
        persisted.persistent = true;
        List<IndexEntry> entries = new ArrayList<>();
        storage.forEachFace(face -> entries.add(face.indexEntry()));
        persisted.rebuild(entries.stream(), storage.allMemberships().stream());
        persisted.rebuilds = 0;
        storage.faceScans = 0;
        storage.pagesRead = 0;
    }

    @After
    public void removeMark() throws IOException {
        Files.deleteIfExists(mark);
        Files.deleteIfExists(dir);
    }

    private GalleryIndex node() {
        return new GalleryIndex(storage, storage, feed(), mark);
    }

    @Test
    public void aCurrentIndexIsCheckedInTheBackgroundWithoutBeingRebuilt() throws Exception {
        GalleryIndex start = node();
        start.bindIndex(persisted);
        assertSame("the re-opened index answers at once", persisted, start.current());
        assertTrue(start.awaitStartup(10, TimeUnit.SECONDS));
        assertEquals("checked", start.startup());
        assertTrue(start.startupDescription(), start.startupDescription()
                .matches("checked \\(re-opened from disk, 3 templates compared with storage in \\d+ ms\\)"));
        assertEquals("storage read once, to check", 1, storage.faceScans);
        assertEquals("nothing re-inserted", 0, persisted.rebuilds);
    }

    @Test
    public void aCleanShutdownsMarkSavesReadingStorageAtTheNextStart() throws Exception {
        GalleryIndex first = node();
        first.bindIndex(persisted);
        assertTrue(first.awaitStartup(10, TimeUnit.SECONDS));
        first.deactivate();
        assertTrue("a clean shutdown leaves its mark", Files.isRegularFile(mark));

        storage.faceScans = 0;
        GalleryIndex second = node();
        second.bindIndex(persisted);
        assertEquals("current", second.startup());
        assertTrue(second.startupDescription(), second.startupDescription().startsWith("current (re-opened from disk"));
        assertSame(persisted, second.current());
        assertEquals("storage not read at all", 0, storage.faceScans);
        assertEquals(0, persisted.rebuilds);
        assertFalse("the mark vouches for one start only", Files.exists(mark));
        assertEquals(List.of("amy", "penny"), persisted.users(ACME.id()));
    }

    @Test
    public void aMarkIsNotTrustedOnceStorageMovedOn() throws Exception {
        GalleryIndex first = node();
        first.bindIndex(persisted);
        assertTrue(first.awaitStartup(10, TimeUnit.SECONDS));
        first.deactivate();
        // another node (or anything else) deleted a user while this one was down
        gallery.delete(ACME, "amy");
        sequence.incrementAndGet();

        GalleryIndex second = node();
        second.bindIndex(persisted);
        assertTrue(second.awaitStartup(10, TimeUnit.SECONDS));
        assertEquals("rebuilt", second.startup());
        assertTrue(second.startupDescription(), second.startupDescription().startsWith("rebuilt from storage"));
        assertEquals("the deleted user is gone after the background rebuild", List.of("penny"),
                persisted.users(ACME.id()));
        assertEquals(1, persisted.rebuilds);
    }

    @Test
    public void anIndexThatLostWritesIsRebuiltEvenWithAMatchingSequence() throws Exception {
        GalleryIndex first = node();
        first.bindIndex(persisted);
        assertTrue(first.awaitStartup(10, TimeUnit.SECONDS));
        first.deactivate();
        persisted.removeUser(BETA.id(), "howard"); // its last commit lost, say

        GalleryIndex second = node();
        second.bindIndex(persisted);
        assertTrue(second.awaitStartup(10, TimeUnit.SECONDS));
        assertEquals("rebuilt", second.startup());
        assertEquals(List.of("howard"), persisted.users(BETA.id()));
        assertEquals(Set.of("friends"), persisted.groupsOf(ACME.id(), "penny"));
    }

    @Test
    public void noMarkIsLeftWhileTheIndexIsNotKnownToBeCurrent() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        storage.beforeFaceScan = () -> {
            reading.countDown();
            boolean interrupted = false;
            while (release.getCount() > 0) { // a slow read that the shutdown's interrupt does not cut short
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        };
        GalleryIndex start = node();
        start.bindIndex(persisted);
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        assertTrue(start.startupDescription(),
                start.startupDescription().startsWith("re-opened from disk; checking against storage"));
        start.deactivate(); // while the check still reads storage
        release.countDown();
        assertFalse(Files.exists(mark));
    }

    @Test
    public void anIndexWithNothingPersistedIsFilledBeforeItServes() {
        BruteForceIndex empty = new BruteForceIndex();
        empty.persistent = true;
        GalleryIndex start = node();
        start.bindIndex(empty);
        assertEquals("filled", start.startup());
        assertEquals(List.of("amy", "penny"), empty.users(ACME.id()));
        // read a page at a time as the index consumes it (one short page here), never as one held scan
        assertEquals(0, storage.faceScans);
        assertEquals(1, storage.pagesRead);
    }

    private ChangeFeed feed() {
        return new ChangeFeed() {
            @Override
            public List<GalleryChange> changesAfter(long afterSequence, int limit) {
                return List.of();
            }

            @Override
            public long latestSequence() {
                return sequence.get();
            }

            @Override
            public List<StoredFace> facesOf(long tenantId, String userReference) {
                return List.of();
            }

            @Override
            public Set<String> groupsOf(long tenantId, String userReference) {
                return Set.of();
            }

            @Override
            public int prune(long createdBeforeMs) {
                return 0;
            }
        };
    }
}
