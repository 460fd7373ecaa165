package io.visage.api.storage;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.Test;

import io.visage.api.index.IndexEntry;

public class FacePagesTest {

    /** Storage with faces 1..n of two tenants that records the pages asked for. */
    private static final class Pages {
        final List<StoredFace> faces = new ArrayList<>();
        final List<Long> askedAfter = new ArrayList<>();
        final GalleryStore store;

        Pages(int n) {
            for (long id = 1; id <= n; id++) {
                faces.add(new StoredFace(id * 10, id % 2 + 1, "user-" + id, "fr_feature", "0.0.1",
                        new float[] {id, 0}, Optional.empty()));
            }
            store = (GalleryStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {GalleryStore.class}, (proxy, method, args) -> {
                        if (method.isDefault()) {
                            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                        }
                        if (!method.getName().equals("facesAfter")) {
                            throw new UnsupportedOperationException(method.getName()); // a build reads pages only
                        }
                        long after = (Long) args[0];
                        askedAfter.add(after);
                        return faces.stream().filter(f -> f.faceId() > after).limit((Integer) args[1])
                                .collect(Collectors.toList());
                    });
        }
    }

    @Test
    public void everyFaceInIdOrderAsIndexEntries() {
        Pages storage = new Pages(10);
        List<IndexEntry> entries = storage.store.facesInPages(3).map(StoredFace::indexEntry)
                .collect(Collectors.toList());
        assertEquals(LongStream.rangeClosed(1, 10).map(id -> id * 10).boxed().collect(Collectors.toList()),
                entries.stream().map(IndexEntry::templateId).collect(Collectors.toList()));
        IndexEntry third = entries.get(2);
        assertEquals(2, third.tenantId());
        assertEquals("user-3", third.userReference());
        assertEquals(IndexEntry.modelKey("fr_feature", "0.0.1"), third.modelKey());
        // pages after the last id of the one before; the short fourth page is the last, nothing asked after it
        assertEquals(List.of(0L, 30L, 60L, 90L), storage.askedAfter);
    }

    @Test
    public void pagesAreReadOnlyAsTheStreamIsConsumed() {
        Pages storage = new Pages(10);
        Iterator<StoredFace> stream = storage.store.facesInPages(4).iterator();
        assertEquals(List.of(), storage.askedAfter);
        for (int i = 0; i < 4; i++) {
            stream.next();
        }
        assertEquals(List.of(0L), storage.askedAfter);
        stream.next();
        assertEquals(List.of(0L, 40L), storage.askedAfter);
    }

    @Test
    public void aFullLastPageEndsWithOneEmptyRead() {
        Pages storage = new Pages(6);
        assertEquals(6, storage.store.facesInPages(3).count());
        assertEquals(List.of(0L, 30L, 60L), storage.askedAfter);
        assertEquals(0, new Pages(0).store.facesInPages(3).count());
    }
}
