package io.visage.index.switching.internal;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.visage.api.index.IndexEntry;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.StoredFace;

/**
 * Every stored face as index entries, read from storage a page at a time as the stream is consumed: a build
 * holds one page, not the gallery, and no read stays open while the index inserts (an hour at a million).
 */
final class StoredFacePages implements Iterator<IndexEntry> {

    private final GalleryStore faces;
    private final int pageSize;
    private List<StoredFace> page = List.of();
    private int next;
    private long lastId;
    private boolean exhausted;

    private StoredFacePages(GalleryStore faces, int pageSize) {
        this.faces = faces;
        this.pageSize = pageSize;
    }

    static Stream<IndexEntry> stream(GalleryStore faces, int pageSize) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new StoredFacePages(faces, pageSize),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        if (next < page.size()) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        page = faces.facesAfter(lastId, pageSize);
        next = 0;
        exhausted = page.size() < pageSize; // a short page is the last one
        if (!page.isEmpty()) {
            lastId = page.get(page.size() - 1).faceId();
        }
        return !page.isEmpty();
    }

    @Override
    public IndexEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        StoredFace face = page.get(next++);
        return new IndexEntry(face.tenantId(), face.userReference(), face.faceId(),
                IndexEntry.modelKey(face.modelName(), face.modelVersion()), face.vector());
    }
}
