package io.visage.index.hnsw.internal;

import java.io.IOException;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.search.TaskExecutor;

/**
 * Lucene's HNSW graph over scalar-quantised vectors — the files of {@code Lucene99HnswScalarQuantizedVectorsFormat},
 * written and read by Lucene's own writers and readers — with {@link SimdVectorScorer} as the scorer for
 * building and searching the graph. It needs a name of its own: a segment records its format's name, and
 * the reader is looked up by that name (META-INF/services), so a segment written with Lucene's name would
 * be searched with Lucene's scorer. Segments written before under Lucene's name stay readable (by Lucene's
 * format) and are rewritten with this one when merged.
 */
public final class SimdHnswVectorsFormat extends KnnVectorsFormat {

    static final String NAME = "VisageHnswScalarQuantized";

    private final int maxConnections;
    private final int beamWidth;
    private final byte bits;
    private final int mergeWorkers;
    private final TaskExecutor mergeExecutor;
    private final FlatVectorsFormat rawVectors = new Lucene99FlatVectorsFormat(SimdVectorScorer.INSTANCE);

    /** For reading (Lucene's SPI): graph parameters only matter when writing. */
    public SimdHnswVectorsFormat() {
        this(HnswSettings.DEFAULTS.maxConnections(), HnswSettings.DEFAULTS.beamWidth(), 7, 1, null);
    }

    /**
     * @param mergeWorkers  threads that insert into one merged graph together (1: the merging thread alone)
     * @param mergeExecutor where the other workers run; null exactly when {@code mergeWorkers} is 1
     */
    SimdHnswVectorsFormat(int maxConnections, int beamWidth, int bits, int mergeWorkers, TaskExecutor mergeExecutor) {
        super(NAME);
        if (bits != 4 && bits != 7) {
            throw new IllegalArgumentException("quantisation bits must be 4 or 7: " + bits);
        }
        this.maxConnections = maxConnections;
        this.beamWidth = beamWidth;
        this.bits = (byte) bits;
        if ((mergeWorkers > 1) != (mergeExecutor != null)) {
            throw new IllegalArgumentException("merge workers " + mergeWorkers + " need an executor exactly when above 1");
        }
        this.mergeWorkers = mergeWorkers;
        this.mergeExecutor = mergeExecutor;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        // null confidence interval: Lucene's default for the dimension; int4 codes are packed two to a byte
        return new Lucene99HnswVectorsWriter(state, maxConnections, beamWidth,
                new Lucene99ScalarQuantizedVectorsWriter(state, null, bits, bits == 4, rawVectors.fieldsWriter(state),
                        SimdVectorScorer.INSTANCE),
                mergeWorkers, mergeExecutor);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return new Lucene99HnswVectorsReader(state,
                new Lucene99ScalarQuantizedVectorsReader(state, rawVectors.fieldsReader(state), SimdVectorScorer.INSTANCE));
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return 1024;
    }

    @Override
    public String toString() {
        return NAME + "(maxConn=" + maxConnections + ", beamWidth=" + beamWidth + ", bits=" + bits + ", mergeWorkers=" + mergeWorkers + ", "
                + SimdVectorScorer.INSTANCE + ")";
    }
}
