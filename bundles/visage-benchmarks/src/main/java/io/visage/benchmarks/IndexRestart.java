package io.visage.benchmarks;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import io.visage.api.index.IndexChecksum;
import io.visage.api.index.IndexEntry;
import io.visage.index.hnsw.internal.HnswSettings;
import io.visage.index.hnsw.internal.HnswTemplateIndex;

/**
 * What a restart costs the HNSW index: re-open the persisted index, compare its checksum with the content
 * (what the index switch does with the gallery's rebuild stream), rebuild from the same content (writes
 * nothing), rebuild after storage moved on by a few templates (writes only those), first search.
 *
 * <pre>java -Xmx3g -cp target/benchmarks.jar io.visage.benchmarks.IndexRestart clustered 100000 512 target/index-restart</pre>
 * The first run builds the index (minutes); later runs re-open it.
 */
public final class IndexRestart {

    private IndexRestart() {
    }

    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "clustered";
        int templates = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int dimension = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        Path dir = Paths.get(args.length > 3 ? args[3] : "target/index-restart", kind + "-" + templates + "-" + dimension);
        SyntheticGallery gallery = new SyntheticGallery(kind, templates, dimension);
        List<IndexEntry> entries = gallery.entries().toList();
        float[] probe = gallery.queries(1)[0];

        long t0 = System.nanoTime();
        HnswTemplateIndex index = new HnswTemplateIndex(dir, HnswSettings.DEFAULTS);
        long opened = System.nanoTime();
        long sum = 0;
        for (IndexEntry e : entries) {
            sum += IndexChecksum.of(e);
        }
        boolean current = index.checksum().getAsLong() == sum;
        long compared = System.nanoTime();
        System.out.printf("open %.2f s, checksum of %d templates compared in %.2f s: %s%n", (opened - t0) / 1e9,
                entries.size(), (compared - opened) / 1e9, current ? "current" : "stale or missing");
        long start = System.nanoTime();
        index.rebuild(entries.stream(), Stream.of());
        System.out.printf("rebuild from the same content: %d templates written in %.2f s%n", index.lastRebuildWrites(),
                (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        index.search(Galleries.TENANT, Galleries.MODEL, probe, 5);
        System.out.printf("first search %.1f ms%n", (System.nanoTime() - start) / 1e6);

        // storage moved on: 100 templates replaced, 100 deleted
        List<IndexEntry> moved = new java.util.ArrayList<>(entries.subList(100, entries.size()));
        for (int i = 0; i < 100; i++) {
            IndexEntry e = moved.get(i);
            float[] v = entries.get(entries.size() - 1 - i).vector();
            moved.set(i, new IndexEntry(e.tenantId(), e.userReference(), e.templateId(), e.modelKey(), v));
        }
        start = System.nanoTime();
        index.rebuild(moved.stream(), Stream.of());
        System.out.printf("rebuild after 100 replaced and 100 deleted: %d written in %.2f s%n", index.lastRebuildWrites(),
                (System.nanoTime() - start) / 1e9);
        index.rebuild(entries.stream(), Stream.of()); // back as it was, for the next run
        index.close();
        System.out.printf("total %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
