package io.visage.index.hnsw.internal;

import java.io.IOException;

import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.apache.lucene.util.quantization.RandomAccessQuantizedByteVectorValues;
import org.apache.lucene.util.quantization.ScalarQuantizer;

/**
 * Lucene's graph scores for the dot-product similarity, computed on SIMD lanes: float vectors (the graph
 * built while indexing) and int7 codes (searches, and graphs rebuilt by merges). The scores are Lucene's own
 * formulas — for int7, {@code max((1 + dot·c + offsetQuery + offsetNode) / 2, 0)} with the integer dot
 * product exact, so they equal Lucene's scalar scores; for floats {@code max((1 + dot) / 2, 0)}, equal up to
 * float summation order. Everything else (other similarities, int4 codes, no Vector API) is Lucene's scorer.
 */
final class SimdVectorScorer implements FlatVectorsScorer {

    /** Whether the lanes are used: property {@code visage.index.hnsw.simd} (default true) and the Vector API. */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("visage.index.hnsw.simd", "true"))
            && lanesUsable();

    static final SimdVectorScorer INSTANCE = new SimdVectorScorer();

    private static final FlatVectorsScorer FLOATS = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();
    private static final FlatVectorsScorer QUANTIZED = new Lucene99ScalarQuantizedVectorScorer(FLOATS);

    private SimdVectorScorer() {
    }

    private static boolean lanesUsable() {
        try {
            return SimdLanes.usable();
        } catch (LinkageError absent) { // NoClassDefFoundError, or its initializer failing the same way
            return false;
        }
    }

    @Override
    public RandomVectorScorerSupplier getRandomVectorScorerSupplier(VectorSimilarityFunction similarity,
            RandomAccessVectorValues values) throws IOException {
        if (ENABLED && similarity == VectorSimilarityFunction.DOT_PRODUCT) {
            if (values instanceof RandomAccessQuantizedByteVectorValues codes && isInt7(codes)) {
                return new Int7Supplier(codes);
            }
            if (values instanceof RandomAccessVectorValues.Floats floats) {
                return new FloatSupplier(floats);
            }
        }
        return QUANTIZED.getRandomVectorScorerSupplier(similarity, values);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity,
            RandomAccessVectorValues values, float[] target) throws IOException {
        if (ENABLED && similarity == VectorSimilarityFunction.DOT_PRODUCT) {
            if (values instanceof RandomAccessQuantizedByteVectorValues codes && isInt7(codes)) {
                byte[] query = new byte[target.length];
                float offset = codes.getScalarQuantizer().quantize(target, query, similarity);
                return new Int7Scorer(codes, query, offset);
            }
            if (values instanceof RandomAccessVectorValues.Floats floats) {
                return new FloatScorer(floats, target);
            }
        }
        return QUANTIZED.getRandomVectorScorer(similarity, values, target);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity,
            RandomAccessVectorValues values, byte[] target) throws IOException {
        return QUANTIZED.getRandomVectorScorer(similarity, values, target);
    }

    @Override
    public String toString() {
        return "SimdVectorScorer(" + (ENABLED ? "Vector API lanes" : "Lucene's scorers") + ")";
    }

    /** int4 codes are packed two to a byte and need another product; they stay with Lucene. */
    private static boolean isInt7(RandomAccessQuantizedByteVectorValues codes) {
        ScalarQuantizer quantizer = codes.getScalarQuantizer();
        return quantizer.getBits() == 7 && codes.getVectorByteLength() == codes.dimension();
    }

    private static float dotScore(float dot) {
        return Math.max((1 + dot) / 2, 0);
    }

    private static final class FloatScorer extends RandomVectorScorer.AbstractRandomVectorScorer {
        private final RandomAccessVectorValues.Floats values;
        private final float[] query;

        FloatScorer(RandomAccessVectorValues.Floats values, float[] query) {
            super(values);
            this.values = values;
            this.query = query;
        }

        @Override
        public float score(int node) throws IOException {
            return dotScore(SimdLanes.dot(query, values.vectorValue(node)));
        }
    }

    private static final class Int7Scorer extends RandomVectorScorer.AbstractRandomVectorScorer {
        private final RandomAccessQuantizedByteVectorValues values;
        private final byte[] query;
        private final float queryOffset;
        private final float multiplier;

        Int7Scorer(RandomAccessQuantizedByteVectorValues values, byte[] query, float queryOffset) {
            super(values);
            this.values = values;
            this.query = query;
            this.queryOffset = queryOffset;
            this.multiplier = values.getScalarQuantizer().getConstantMultiplier();
        }

        @Override
        public float score(int node) throws IOException {
            int dot = SimdLanes.dot(values.vectorValue(node), query);
            float adjusted = dot * multiplier + queryOffset + values.getScoreCorrectionConstant(node);
            return dotScore(adjusted);
        }
    }

    /**
     * Scores every node against one node while a graph is built. The node's vector is copied: the values'
     * {@code vectorValue} reuses its buffer, and the scorer reads others through a second copy of the values.
     */
    private static final class FloatSupplier implements RandomVectorScorerSupplier {
        private final RandomAccessVectorValues.Floats values;
        private final RandomAccessVectorValues.Floats queries;
        private final RandomAccessVectorValues.Floats targets;

        FloatSupplier(RandomAccessVectorValues.Floats values) throws IOException {
            this.values = values;
            this.queries = values.copy();
            this.targets = values.copy();
        }

        @Override
        public RandomVectorScorer scorer(int ord) throws IOException {
            return new FloatScorer(targets, queries.vectorValue(ord).clone());
        }

        @Override
        public RandomVectorScorerSupplier copy() throws IOException {
            return new FloatSupplier(values.copy());
        }
    }

    private static final class Int7Supplier implements RandomVectorScorerSupplier {
        private final RandomAccessQuantizedByteVectorValues values;
        private final RandomAccessQuantizedByteVectorValues queries;
        private final RandomAccessQuantizedByteVectorValues targets;

        Int7Supplier(RandomAccessQuantizedByteVectorValues values) throws IOException {
            this.values = values;
            this.queries = values.copy();
            this.targets = values.copy();
        }

        @Override
        public RandomVectorScorer scorer(int ord) throws IOException {
            return new Int7Scorer(targets, queries.vectorValue(ord).clone(), queries.getScoreCorrectionConstant(ord));
        }

        @Override
        public RandomVectorScorerSupplier copy() throws IOException {
            return new Int7Supplier(values.copy());
        }
    }
}
