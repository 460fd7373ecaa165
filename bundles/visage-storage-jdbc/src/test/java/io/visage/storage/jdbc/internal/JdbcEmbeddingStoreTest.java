package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.storage.FaceToEmbed;
import io.visage.api.storage.GalleryStats;
import io.visage.api.storage.NewFace;
import io.visage.api.tenant.EndpointFamily;

/** Re-embedding bookkeeping: what is missing, what was added, who must re-enrol. */
public class JdbcEmbeddingStoreTest {
    private JdbcGalleryStore gallery;
    private JdbcEmbeddingStore embedding;
    private long acme;

    @Before
    public void setUp() throws Exception {
        TestDatabase db = new TestDatabase();
        acme = new JdbcApiUserStore(db).insert("acme", "h", EndpointFamily.all()).user().id();
        gallery = new JdbcGalleryStore(db);
        embedding = new JdbcEmbeddingStore(db);
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
}
