package io.visage.api.storage;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** {@link GalleryStore#facesInPages}: the next page is read only when the one before is used up. */
final class FacePages implements Iterator<StoredFace> {

    private final GalleryStore faces;
    private final int pageSize;
    private List<StoredFace> page = List.of();
    private int next;
    private long lastId;
    private boolean exhausted;

    FacePages(GalleryStore faces, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size " + pageSize);
        }
        this.faces = faces;
        this.pageSize = pageSize;
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
    public StoredFace next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(next++);
    }
}
