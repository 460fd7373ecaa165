package io.visage.index.hnsw.internal;

/**
 * How the approximate index builds and searches its graphs; the component's configuration, checked.
 *
 * @param maxConnections        HNSW neighbours per node (Lucene's {@code maxConn}, "M")
 * @param beamWidth             candidates kept while inserting a node (Lucene's {@code beamWidth})
 * @param quantizationBits      7 or 4: the graph is searched on int7/int4 scalar-quantised vectors (the raw
 *                              floats stay on disk for exact re-scoring); 0: on the float vectors
 * @param searchCandidates      templates the graph search collects before exact re-scoring (HNSW's "ef")
 * @param rescoreCandidates     of those, how many (the best by graph score) are re-scored on their float
 *                              vectors; more when they hold fewer users than asked for. 0: every candidate
 * @param exactScanMaxTemplates a (tenant, model) with at most this many templates is scanned exactly
 * @param groupExactMaxUsers    a group filter of at most this many users is answered by an exact scan of
 *                              the members' templates
 * @param ramBufferMb           Lucene's indexing buffer; a larger buffer gives fewer, larger graphs
 * @param commitIntervalSeconds how often pending writes are made durable in the background
 */
public record HnswSettings(int maxConnections, int beamWidth, int quantizationBits, int searchCandidates,
        int rescoreCandidates, int exactScanMaxTemplates, int groupExactMaxUsers, int ramBufferMb,
        int commitIntervalSeconds) {

    /** Candidates re-scored on floats by default (see {@link #DEFAULTS}). */
    public static final int RESCORE_DEFAULT = 200;

    /**
     * M = 32 rather than Lucene's 16: on 512-d unit vectors with little structure (random, and the strangers
     * that fill ranks 2-5 of a face search) a graph of 16 links per node (32 on the bottom layer) is barely
     * navigable. Measured on 20,000 random 512-d unit vectors, beam width 100, int7, 400 candidates:
     * recall@5 against the exact index 0.80 with M = 16, 0.95 with M = 32, 0.98 with M = 64; a wider beam
     * (200) instead of more links gave 0.82 at M = 16. See BENCHMARKS.md.
     *
     * <p>2,000 search candidates: the fewest that reach recall@5 0.99 against the exact index on 100k clustered
     * 512-d templates (0.97 on random ones; 100 candidates gave 0.56 / 0.28, 1,000 gave 0.94 / 0.87). A 1:N
     * answer that misses a true candidate is worse than a slower one; lower it only knowing the trade.
     *
     * <p>{@value #RESCORE_DEFAULT} of them re-scored on floats: the int7 graph scores rank the true top 5 among
     * the best few hundred candidates, so re-scoring all 2,000 reads 2,000 float vectors (4 MB) for nothing.
     * See BENCHMARKS.md ("re-scoring the best candidates only").
     */
    public static final HnswSettings DEFAULTS = new HnswSettings(32, 100, 7, 2_000, RESCORE_DEFAULT, 2_000, 10_000,
            256, 5);

    public HnswSettings {
        require(maxConnections >= 2 && maxConnections <= 512, "maxConnections", maxConnections);
        require(beamWidth >= 1 && beamWidth <= 3200, "beamWidth", beamWidth);
        require(quantizationBits == 0 || quantizationBits == 4 || quantizationBits == 7, "quantizationBits",
                quantizationBits);
        require(searchCandidates >= 1, "searchCandidates", searchCandidates);
        require(rescoreCandidates >= 0, "rescoreCandidates", rescoreCandidates);
        require(exactScanMaxTemplates >= 0, "exactScanMaxTemplates", exactScanMaxTemplates);
        require(groupExactMaxUsers >= 0, "groupExactMaxUsers", groupExactMaxUsers);
        require(ramBufferMb >= 16, "ramBufferMb", ramBufferMb);
        require(commitIntervalSeconds >= 1, "commitIntervalSeconds", commitIntervalSeconds);
    }

    public HnswSettings withSearch(int candidates, int exactTemplates, int groupExactUsers) {
        return new HnswSettings(maxConnections, beamWidth, quantizationBits, candidates, rescoreCandidates,
                exactTemplates, groupExactUsers, ramBufferMb, commitIntervalSeconds);
    }

    public HnswSettings withRescore(int candidates) {
        return new HnswSettings(maxConnections, beamWidth, quantizationBits, searchCandidates, candidates,
                exactScanMaxTemplates, groupExactMaxUsers, ramBufferMb, commitIntervalSeconds);
    }

    /** These graph settings with the search settings of {@code other}. */
    public HnswSettings withSearchOf(HnswSettings other) {
        return withSearch(other.searchCandidates, other.exactScanMaxTemplates, other.groupExactMaxUsers)
                .withRescore(other.rescoreCandidates);
    }

    private static void require(boolean valid, String name, int value) {
        if (!valid) {
            throw new IllegalArgumentException("invalid " + name + ": " + value);
        }
    }
}
