package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.storage.FaceToEmbed;
import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.GalleryStats;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StorageException;
import io.visage.api.storage.StoredFace;
import io.visage.api.tenant.EndpointFamily;

/** Re-embedding bookkeeping: what is missing, what was added, who must re-enrol. */
public class JdbcEmbeddingStoreTest {
    private JdbcGalleryStore gallery;
    private JdbcEmbeddingStore embedding;
    private JdbcChangeFeed feed;
    private long acme;

    @Before
    public void setUp() throws Exception {
        TestDatabase db = new TestDatabase();
        acme = new JdbcApiUserStore(db).insert("acme", "h", EndpointFamily.all()).user().id();
        gallery = new JdbcGalleryStore(db);
        embedding = new JdbcEmbeddingStore(db);
        feed = new JdbcChangeFeed(db);
        gallery.createUser(acme, "saved", new NewFace("m", "1", new float[] {1, 0}, Optional.of(new byte[] {1})));
        gallery.addFace(acme, "saved", new NewFace("m", "1", new float[] {0, 1}, Optional.of(new byte[] {2})));
        gallery.createUser(acme, "unsaved", new NewFace("m", "1", new float[] {1, 1}, Optional.empty()));
    }

    @Test
    public void savedImagesWithoutTheNewModelAreMissingUntilReEmbedded() {
        assertEquals(2, embedding.countMissing(acme, "m", "2"));
        assertEquals(0, embedding.countMissing(acme, "m", "1"));
        List<FaceToEmbed> missing = embedding.missing(acme, "m", "2", 10);
        assertEquals(2, missing.size());
        assertEquals(1, missing.get(0).image()[0]);
        long firstId = embedding.addTemplate(acme, missing.get(0), "m", "2", new float[] {0.5f, 0.5f}).faceId();
        assertEquals(1, embedding.countMissing(acme, "m", "2"));
        assertEquals("the image still counts once", 2, embedding.missing(acme, "m", "3", 10).size());
        long secondId = embedding.addTemplate(acme, missing.get(1), "m", "2", new float[] {0.5f, 0.5f}).faceId();
        assertTrue("each new template has its own id", secondId != firstId);
        assertEquals(0, embedding.countMissing(acme, "m", "2"));
        assertEquals(List.of("unsaved"), embedding.usersWithoutTemplate(acme, "m", "2"));
    }

    @Test
    public void activeModelAndStats() {
        assertTrue(embedding.activeModel(acme).isEmpty());
        embedding.setActiveModel(acme, "m", "1");
        embedding.setActiveModel(acme, "m", "2");
        assertEquals(Optional.of("m:2"), embedding.activeModel(acme));
        embedding.addTemplate(acme, embedding.missing(acme, "m", "2", 1).get(0), "m", "2", new float[] {1, 0});
        GalleryStats stats = embedding.stats(acme);
        assertEquals(2, stats.users());
        assertEquals(2, stats.images());
        assertEquals(Map.of("m:1", 3, "m:2", 1), stats.templatesPerModel());
        assertEquals(List.of(acme), embedding.tenantsWithUsers());
    }

    /**
     * Re-embedding while users enrol, as a node's index sees it: the index takes each write's returned face (as
     * GalleryIndex does) and re-reads each changed user's faces from the change feed (as ChangeFollower does),
     * both keyed by template id. It must end up holding exactly what storage holds. Before the fix the returned
     * id was the change log's sequence (Derby's generated key after a second INSERT), so the index held entries
     * storage does not have, or replaced another user's template.
     */
    @Test
    public void anIndexFedByTheReturnedTemplatesAndTheFeedHoldsWhatStorageHolds() {
        Map<Long, String> index = new HashMap<>();
        long[] followed = {0};
        Runnable follow = () -> {
            for (GalleryChange change : feed.changesAfter(followed[0], 1000)) {
                followed[0] = change.sequence();
                if (change.kind() == GalleryChange.Kind.USER) {
                    for (StoredFace face : feed.facesOf(change.tenantId(), change.subject())) {
                        index.put(face.faceId(), key(face));
                    }
                }
            }
        };
        gallery.forEachFace(face -> index.put(face.faceId(), key(face)));
        embedding.setActiveModel(acme, "m", "1");   // a change without a face: sequences run ahead of face ids
        follow.run();
        int enrolled = 0;
        for (int round = 0; round < 5; round++) {
            List<FaceToEmbed> batch = embedding.missing(acme, "m", "2", 2);
            // clients enrol meanwhile (between missing() and addTemplate)
            for (int i = 0; i < 3; i++) {
                StoredFace created = gallery.createUser(acme, "new-" + enrolled++,
                        new NewFace("m", "1", new float[] {1, 0}, Optional.of(new byte[] {(byte) enrolled})));
                index.put(created.faceId(), key(created));
            }
            for (FaceToEmbed face : batch) {
                StoredFace added = embedding.addTemplate(acme, face, "m", "2", new float[] {0, 1});
                index.put(added.faceId(), key(added));
            }
            follow.run();
        }
        Map<Long, String> storage = new HashMap<>();
        gallery.forEachFace(face -> storage.put(face.faceId(), key(face)));
        assertEquals(storage, index);
    }

    /** The returned face is the stored row: its id, its user's reference and image, the new model. */
    @Test
    public void theReturnedTemplateIsTheStoredRow() {
        embedding.setActiveModel(acme, "m", "1");
        embedding.setActiveModel(acme, "m", "1");
        FaceToEmbed face = embedding.missing(acme, "m", "2", 1).get(0);
        StoredFace added = embedding.addTemplate(acme, face, "m", "2", new float[] {0.6f, 0.8f});
        List<StoredFace> stored = new ArrayList<>();
        gallery.forEachFace(f -> {
            if (f.faceId() == added.faceId()) {
                stored.add(f);
            }
        });
        assertEquals("a row with the returned id", 1, stored.size());
        assertEquals(key(stored.get(0)), key(added));
        assertEquals(stored.get(0).imageKey(), added.imageKey());
        assertTrue(added.imageKey().isPresent());
    }

    /** A template of the model the image already has (another node, an earlier attempt) is returned, not doubled. */
    @Test
    public void aSecondTemplateOfTheSameModelForTheSameImageIsNotInserted() {
        FaceToEmbed face = embedding.missing(acme, "m", "2", 1).get(0);
        StoredFace first = embedding.addTemplate(acme, face, "m", "2", new float[] {1, 0});
        StoredFace again = embedding.addTemplate(acme, face, "m", "2", new float[] {0, 1});
        assertEquals(first.faceId(), again.faceId());
        assertEquals(Map.of("m:1", 3, "m:2", 1), embedding.stats(acme).templatesPerModel());
    }

    /** The user updated meanwhile (another face): the template still goes to that user, under its reference. */
    @Test
    public void aUserUpdatedBetweenMissingAndAddTemplateKeepsTheTemplate() {
        FaceToEmbed face = embedding.missing(acme, "m", "2", 1).get(0);
        gallery.addFace(acme, face.userReference(), new NewFace("m", "1", new float[] {1, 0}, Optional.of(new byte[] {9})));
        StoredFace added = embedding.addTemplate(acme, face, "m", "2", new float[] {1, 0});
        assertEquals(face.userReference(), added.userReference());
        assertTrue(feed.facesOf(acme, face.userReference()).stream().anyMatch(f -> f.faceId() == added.faceId()));
    }

    /** The user deleted (or deleted and enrolled again) meanwhile: nothing is added, for either user row. */
    @Test
    public void aUserDeletedOrReplacedBetweenMissingAndAddTemplateGetsNoTemplate() {
        FaceToEmbed face = embedding.missing(acme, "m", "2", 1).get(0);
        assertTrue(gallery.deleteUser(acme, face.userReference()));
        gallery.createUser(acme, face.userReference(), new NewFace("m", "1", new float[] {1, 0}, Optional.of(new byte[] {7})));
        assertThrows(StorageException.class, () -> embedding.addTemplate(acme, face, "m", "2", new float[] {1, 0}));
        assertFalse(embedding.stats(acme).templatesPerModel().containsKey("m:2"));
        assertEquals(1, feed.facesOf(acme, face.userReference()).size());
    }

    private static String key(StoredFace face) {
        return face.tenantId() + "/" + face.userReference() + "/" + face.modelName() + ":" + face.modelVersion();
    }
}
