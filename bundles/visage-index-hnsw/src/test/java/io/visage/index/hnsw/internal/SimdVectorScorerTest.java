package io.visage.index.hnsw.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorScorer;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.apache.lucene.util.quantization.QuantizedVectorsReader;
import org.apache.lucene.util.quantization.RandomAccessQuantizedByteVectorValues;
import org.junit.Test;

/**
 * The SIMD graph scorer gives Lucene's scores (int7: the same bits; float: within rounding), is really used
 * where the Vector API is, and its format reads back, also beside segments written under Lucene's own name.
 */
public class SimdVectorScorerTest {

    private static final String FIELD = "v";
    private static final int DIM = 512;
    private static final FlatVectorsScorer LUCENE_INT7 = new Lucene99ScalarQuantizedVectorScorer(
            DefaultFlatVectorScorer.INSTANCE);

    @Test
    public void theLanesAreUsedWhereTheBuildSaysTheVectorApiIs() {
        if (Boolean.getBoolean("visage.test.expectVectorApi")) {
            assertTrue("Vector API expected (surefire adds the module)", SimdVectorScorer.ENABLED);
        }
        assertEquals(SimdVectorScorer.ENABLED ? "SimdVectorScorer(Vector API lanes)" : "SimdVectorScorer(Lucene's scorers)",
                SimdVectorScorer.INSTANCE.toString());
    }

    @Test
    public void int7ScoresAreLucenesBitForBit() throws IOException {
        List<float[]> vectors = unitVectors(600, 11);
        try (Directory directory = new ByteBuffersDirectory()) {
            write(directory, new SimdHnswVectorsFormat(32, 100, 7, 1, null), vectors, 0);
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertEquals(1, reader.leaves().size());
                RandomAccessQuantizedByteVectorValues codes = int7Codes(reader.leaves().get(0));
                Random random = new Random(3);
                for (int q = 0; q < 20; q++) {
                    float[] query = unit(random, DIM);
                    RandomVectorScorer ours = SimdVectorScorer.INSTANCE.getRandomVectorScorer(
                            VectorSimilarityFunction.DOT_PRODUCT, codes.copy(), query);
                    RandomVectorScorer lucenes = LUCENE_INT7.getRandomVectorScorer(VectorSimilarityFunction.DOT_PRODUCT,
                            codes.copy(), query);
                    for (int node = 0; node < codes.size(); node++) {
                        assertEquals(Float.floatToIntBits(lucenes.score(node)), Float.floatToIntBits(ours.score(node)));
                    }
                }
                // node against node, as merges build the graph
                RandomVectorScorerSupplier ours = SimdVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                        VectorSimilarityFunction.DOT_PRODUCT, codes.copy());
                RandomVectorScorerSupplier lucenes = LUCENE_INT7.getRandomVectorScorerSupplier(
                        VectorSimilarityFunction.DOT_PRODUCT, codes.copy());
                for (int a = 0; a < codes.size(); a += 37) {
                    RandomVectorScorer fromOurs = ours.scorer(a);
                    RandomVectorScorer fromLucenes = lucenes.scorer(a);
                    for (int b = 0; b < codes.size(); b++) {
                        assertEquals(Float.floatToIntBits(fromLucenes.score(b)), Float.floatToIntBits(fromOurs.score(b)));
                    }
                }
            }
        }
    }

    @Test
    public void floatScoresAreLucenesWithinRounding() throws IOException {
        List<float[]> vectors = unitVectors(300, 5);
        RandomAccessVectorValues.Floats values = RandomAccessVectorValues.fromFloats(vectors, DIM);
        RandomVectorScorerSupplier ours = SimdVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                VectorSimilarityFunction.DOT_PRODUCT, values);
        RandomVectorScorerSupplier lucenes = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                VectorSimilarityFunction.DOT_PRODUCT, values);
        for (int a = 0; a < vectors.size(); a += 13) {
            RandomVectorScorer fromOurs = ours.scorer(a);
            // a second scorer from the same supplier must not disturb the first one's query vector
            ours.scorer((a + 1) % vectors.size());
            RandomVectorScorer fromLucenes = lucenes.scorer(a);
            for (int b = 0; b < vectors.size(); b++) {
                assertEquals(fromLucenes.score(b), fromOurs.score(b), 2e-6f);
            }
            assertEquals(1f, fromOurs.score(a), 2e-6f);
        }
    }

    @Test
    public void segmentsUnderLucenesNameStayReadableAndMergeIntoTheSimdFormat() throws IOException {
        List<float[]> vectors = unitVectors(800, 21);
        try (Directory directory = new ByteBuffersDirectory()) {
            // an index written before this format existed, then written to and merged with it
            write(directory, new Lucene99HnswScalarQuantizedVectorsFormat(32, 100, 1, 7, false, null, null),
                    vectors.subList(0, 400), 0);
            write(directory, new SimdHnswVectorsFormat(32, 100, 7, 1, null), vectors.subList(400, 800), 400);
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertEquals(Set.of(Lucene99HnswScalarQuantizedVectorsFormat.NAME, SimdHnswVectorsFormat.NAME),
                        formats(reader));
                assertFindsItself(reader, vectors);
            }
            try (IndexWriter writer = new IndexWriter(directory, config(new SimdHnswVectorsFormat(32, 100, 7, 1, null)))) {
                writer.forceMerge(1);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertEquals(1, reader.leaves().size());
                assertEquals(Set.of(SimdHnswVectorsFormat.NAME), formats(reader));
                assertFindsItself(reader, vectors);
            }
        }
    }

    /** Each probe is a stored vector: the graph (merged on int7 codes by the SIMD scorer) finds it first. */
    private static void assertFindsItself(DirectoryReader reader, List<float[]> vectors) throws IOException {
        IndexSearcher searcher = new IndexSearcher(reader);
        int found = 0;
        for (int id = 0; id < vectors.size(); id += 8) {
            ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(FIELD, vectors.get(id), 10), 10).scoreDocs;
            int top = searcher.storedFields().document(hits[0].doc).getField("id").numericValue().intValue();
            found += top == id ? 1 : 0;
        }
        assertEquals(vectors.size() / 8, found);
    }

    private static Set<String> formats(DirectoryReader reader) {
        Set<String> names = new HashSet<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            names.add(leaf.reader().getFieldInfos().fieldInfo(FIELD)
                    .getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
        }
        return names;
    }

    private static RandomAccessQuantizedByteVectorValues int7Codes(LeafReaderContext leaf) throws IOException {
        PerFieldKnnVectorsFormat.FieldsReader perField = (PerFieldKnnVectorsFormat.FieldsReader) ((CodecReader) leaf
                .reader()).getVectorReader();
        QuantizedVectorsReader quantized = (QuantizedVectorsReader) perField.getFieldReader(FIELD);
        return (RandomAccessQuantizedByteVectorValues) quantized.getQuantizedVectorValues(FIELD);
    }

    private static void write(Directory directory, KnnVectorsFormat format, List<float[]> vectors, int firstId)
            throws IOException {
        IndexWriterConfig config = config(format).setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < vectors.size(); i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, vectors.get(i), VectorSimilarityFunction.DOT_PRODUCT));
                doc.add(new StoredField("id", firstId + i));
                writer.addDocument(doc);
            }
            writer.flush(); // one segment per call (no merges): a test merges them itself
        }
    }

    private static IndexWriterConfig config(KnnVectorsFormat format) {
        Codec codec = new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
        return new IndexWriterConfig().setCodec(codec).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    }

    private static List<float[]> unitVectors(int count, long seed) {
        Random random = new Random(seed);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            vectors.add(unit(random, DIM));
        }
        return vectors;
    }

    private static float[] unit(Random random, int dim) {
        float[] v = new float[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
