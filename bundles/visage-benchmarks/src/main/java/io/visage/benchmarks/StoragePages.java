package io.visage.benchmarks;

import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;

import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.StoredFace;
import io.visage.storage.jdbc.internal.JdbcGalleryStore;

/**
 * Reads every stored face of a (stopped) instance's database twice: in one scan ({@code forEachFace}, how the
 * gallery fills an index at start) and a page at a time ({@code facesAfter}, how the index switch feeds a
 * background build), with the time of each page, so that a query plan whose pages grow with the gallery shows.
 *
 * <pre>
 * java -cp benchmarks.jar io.visage.benchmarks.StoragePages jdbc:derby:INSTANCE/data/visage/derby [PAGE_SIZE]
 * </pre>
 * Fill the database first with {@link GalleryLoader}.
 */
public final class StoragePages {

    private StoragePages() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 4_096;
        GalleryStore store = new JdbcGalleryStore(() -> DriverManager.getConnection(url));
        long start = System.nanoTime();
        long[] scanned = {0};
        store.forEachFace(face -> scanned[0]++);
        System.out.printf("forEachFace: %,d faces in %.1f s%n", scanned[0], (System.nanoTime() - start) / 1e9);
        for (int round = 1; round <= 2; round++) {
            start = System.nanoTime();
            long after = 0;
            long faces = 0;
            long[] pageNanos = new long[16];
            int pages = 0;
            while (true) {
                long t0 = System.nanoTime();
                List<StoredFace> page = store.facesAfter(after, pageSize);
                if (page.isEmpty()) {
                    break;
                }
                if (pages == pageNanos.length) {
                    pageNanos = Arrays.copyOf(pageNanos, pages * 2);
                }
                pageNanos[pages++] = System.nanoTime() - t0;
                faces += page.size();
                after = page.get(page.size() - 1).faceId();
            }
            long[] sorted = Arrays.copyOf(pageNanos, pages);
            Arrays.sort(sorted);
            System.out.printf("facesAfter, round %d: %,d faces in %d pages of %d, %.1f s; page p50 %.1f ms, max %.1f ms%n",
                    round, faces, pages, pageSize, (System.nanoTime() - start) / 1e9,
                    pages == 0 ? 0 : sorted[pages / 2] / 1e6, pages == 0 ? 0 : sorted[pages - 1] / 1e6);
        }
    }
}
