package io.visage.index.exact.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import io.visage.api.index.UserMatch;

/**
 * The templates of one (tenant, model): an immutable snapshot that searches read without locking.
 *
 * <p>Rows live in blocks; a block's vectors are one contiguous {@code float[]} (row-major), beside
 * parallel arrays of user ordinal, template id and user reference. A block's vector array stays just
 * under {@value #BLOCK_BYTES} bytes whatever the dimension (255 rows at 512-d): below half of G1's
 * smallest region, so it is an ordinary object; a power-of-two block plus its header would be a
 * humongous object wasting up to half of the regions it spans.
 * Snapshots share blocks. An {@link Editor} never changes a row that any published snapshot can see: it
 * appends into the tail block only past the end of every snapshot sharing it, and copies a block before
 * overwriting rows in it (removal fills the hole with the last row, and always copies the tail block
 * it takes that row from). The first block starts small and doubles, so a tiny gallery costs little.
 *
 * <p>Where the Vector API is available ({@link Int8Sketch#ENABLED}) each block also holds an int8 sketch of
 * its rows; a search scores a row in float only when its sketch says it could enter the result (same
 * results and scores, a quarter of the bytes read for most rows).
 */
final class Segment {

    static final int BLOCK_BYTES = 512 * 1024;
    private static final int ARRAY_HEADER_BYTES = 16;
    private static final int FIRST_BLOCK_ROWS = 8;

    final String modelKey;
    final int dimension;
    final int blockRows;
    final int size;
    private final float[][] vectors;
    private final int[][] users;
    private final long[][] templateIds;
    private final String[][] userReferences;
    /** Int8 sketch per block (rows × dimension codes, {@link Int8Sketch#META} floats per row); null when off. */
    private final byte[][] codes;
    private final float[][] codeMeta;

    private Segment(String modelKey, int dimension, int size, float[][] vectors, int[][] users,
            long[][] templateIds, String[][] userReferences, byte[][] codes, float[][] codeMeta) {
        this.modelKey = modelKey;
        this.dimension = dimension;
        this.blockRows = blockRows(dimension);
        this.size = size;
        this.vectors = vectors;
        this.users = users;
        this.templateIds = templateIds;
        this.userReferences = userReferences;
        this.codes = codes;
        this.codeMeta = codeMeta;
    }

    static Segment empty(String modelKey, int dimension) {
        return empty(modelKey, dimension, Int8Sketch.ENABLED);
    }

    /** An empty segment with or without the int8 sketch (tests compare both). */
    static Segment empty(String modelKey, int dimension, boolean sketched) {
        return new Segment(modelKey, dimension, 0, new float[0][], new int[0][], new long[0][], new String[0][],
                sketched ? new byte[0][] : null, sketched ? new float[0][] : null);
    }

    /** Rows per block for a dimension: the most whose vectors stay below {@link #BLOCK_BYTES}. */
    static int blockRows(int dimension) {
        return Math.max(1, (BLOCK_BYTES - 1 - ARRAY_HEADER_BYTES) / (4 * dimension));
    }

    Editor edit() {
        return new Editor(this);
    }

    /** Rows from which one search is split across cores: below it, the fork costs more than it saves. */
    static final int PARALLEL_MIN_ROWS = 16_384;
    /**
     * Parts one large search is split into (system property {@code visage.index.exact.threads}, default: the
     * processors available). The scan is bound by memory bandwidth and by scalar float arithmetic per core
     * (Java 17 does not vectorise a float reduction), so two cores halve it.
     */
    static final int PARTS = Math.max(1, Integer.getInteger("visage.index.exact.threads",
            Runtime.getRuntime().availableProcessors()));

    /** Scores every row whose user passes {@code allowedUsers} (null: all) and offers it to {@code top}. */
    void search(float[] query, long[] allowedUsers, TopUsers top) {
        search(query, allowedUsers, top, PARTS);
    }

    /**
     * As {@link #search(float[], long[], TopUsers)}, with a large segment's blocks split into {@code parts}
     * contiguous runs: all but the first scanned by the common fork-join pool, each into a heap of its own,
     * merged into {@code top} (a run not yet started when its result is needed is scanned by this thread).
     */
    void search(float[] query, long[] allowedUsers, TopUsers top, int parts) {
        int blocks = (size + blockRows - 1) / blockRows;
        int split = Math.min(parts, blocks);
        // The query's sketch is made once and shared by the parts (TenantIndex has checked its dimension).
        Int8Sketch.Query sketch = codes != null ? new Int8Sketch.Query(query) : null;
        if (size < PARALLEL_MIN_ROWS || split < 2) {
            searchBlocks(query, sketch, allowedUsers, top, 0, blocks);
            return;
        }
        List<ForkJoinTask<TopUsers>> forks = new ArrayList<>(split - 1);
        for (int p = 1; p < split; p++) {
            int from = (int) ((long) p * blocks / split);
            int to = (int) ((long) (p + 1) * blocks / split);
            forks.add(ForkJoinPool.commonPool().submit(() -> {
                TopUsers part = new TopUsers(top.capacity());
                searchBlocks(query, sketch, allowedUsers, part, from, to);
                return part;
            }));
        }
        searchBlocks(query, sketch, allowedUsers, top, 0, blocks / split);
        for (ForkJoinTask<TopUsers> fork : forks) {
            top.offerAll(fork.join());
        }
    }

    private void searchBlocks(float[] query, Int8Sketch.Query sketch, long[] allowedUsers, TopUsers top,
            int fromBlock, int toBlock) {
        final int dim = dimension;
        float threshold = top.threshold();
        for (int b = fromBlock; b < toBlock; b++) {
            final float[] block = vectors[b];
            final int[] blockUsers = users[b];
            final byte[] blockCodes = sketch != null ? codes[b] : null;
            final float[] blockMeta = sketch != null ? codeMeta[b] : null;
            final int rows = Math.min(blockRows, size - b * blockRows);
            for (int r = 0, offset = 0; r < rows; r++, offset += dim) {
                int user = blockUsers[r];
                if (allowedUsers != null && !contains(allowedUsers, user)) {
                    continue;
                }
                // Not "<": a NaN bound falls through to the float score, which rejects it as before.
                if (sketch != null && threshold != Float.NEGATIVE_INFINITY
                        && !(sketch.upperBound(blockCodes, blockMeta, r, dim) > threshold)) {
                    continue;
                }
                float score = dot(query, block, offset, dim);
                if (score > threshold) {
                    top.offer(user, score, userReferences[b][r], templateIds[b][r]);
                    threshold = top.threshold();
                }
            }
        }
    }

    /** The best row of one user, or null when it has none here. */
    UserMatch best(int user, float[] query) {
        UserMatch best = null;
        for (int b = 0, remaining = size; remaining > 0; b++, remaining -= blockRows) {
            final int[] blockUsers = users[b];
            final int rows = Math.min(blockRows, remaining);
            for (int r = 0; r < rows; r++) {
                if (blockUsers[r] == user) {
                    float score = dot(query, vectors[b], r * dimension, dimension);
                    if (best == null || score > best.score()) {
                        best = new UserMatch(userReferences[b][r], score, templateIds[b][r]);
                    }
                }
            }
        }
        return best;
    }

    /** Rows (ascending) holding templates of {@code user}. */
    int[] rowsOf(int user) {
        int[] rows = new int[4];
        int count = 0;
        for (int row = 0; row < size; row++) {
            if (users[row / blockRows][row % blockRows] == user) {
                if (count == rows.length) {
                    rows = Arrays.copyOf(rows, count * 2);
                }
                rows[count++] = row;
            }
        }
        return Arrays.copyOf(rows, count);
    }

    /** Bytes of the arrays this snapshot references, including spare capacity (compressed references assumed). */
    long allocatedBytes() {
        long bytes = 0;
        for (int b = 0; b < users.length; b++) {
            long capacity = users[b].length;
            bytes += 4 * 16 + capacity * (4L * dimension + 4 + 8 + 4);
            if (codes != null) {
                bytes += 2 * 16 + capacity * ((long) dimension + 4 * Int8Sketch.META);
            }
        }
        return bytes;
    }

    static boolean contains(long[] bits, int user) {
        int word = user >>> 6;
        return word < bits.length && (bits[word] & (1L << user)) != 0;
    }

    /**
     * Dot product with eight independent accumulators: breaks the add dependency chain so the loop runs
     * at the machine's load throughput (C2 does not reorder float additions on its own).
     */
    static float dot(float[] q, float[] v, int offset, int dim) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (int end = dim & ~7; i < end; i += 8) {
            int o = offset + i;
            s0 += q[i] * v[o];
            s1 += q[i + 1] * v[o + 1];
            s2 += q[i + 2] * v[o + 2];
            s3 += q[i + 3] * v[o + 3];
            s4 += q[i + 4] * v[o + 4];
            s5 += q[i + 5] * v[o + 5];
            s6 += q[i + 6] * v[o + 6];
            s7 += q[i + 7] * v[o + 7];
        }
        for (; i < dim; i++) {
            s0 += q[i] * v[offset + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Builds the next snapshot from one; used by a single writer at a time. */
    static final class Editor {

        private final String modelKey;
        private final int dimension;
        private final int blockRows;
        private int size;
        private float[][] vectors;
        private int[][] users;
        private long[][] templateIds;
        private String[][] userReferences;
        private byte[][] codes;
        private float[][] codeMeta;
        private boolean[] owned;

        private Editor(Segment base) {
            modelKey = base.modelKey;
            dimension = base.dimension;
            blockRows = base.blockRows;
            size = base.size;
            vectors = base.vectors.clone();
            users = base.users.clone();
            templateIds = base.templateIds.clone();
            userReferences = base.userReferences.clone();
            codes = base.codes == null ? null : base.codes.clone();
            codeMeta = base.codeMeta == null ? null : base.codeMeta.clone();
            owned = new boolean[vectors.length];
        }

        int size() {
            return size;
        }

        long templateIdAt(int row) {
            return templateIds[row / blockRows][row % blockRows];
        }

        /** Appends a row; returns its index. */
        int append(int user, String userReference, long templateId, float[] vector) {
            int row = size;
            int b = row / blockRows;
            int slot = row % blockRows;
            if (b == vectors.length) {
                int blocks = b + 1;
                vectors = Arrays.copyOf(vectors, blocks);
                users = Arrays.copyOf(users, blocks);
                templateIds = Arrays.copyOf(templateIds, blocks);
                userReferences = Arrays.copyOf(userReferences, blocks);
                if (codes != null) {
                    codes = Arrays.copyOf(codes, blocks);
                    codeMeta = Arrays.copyOf(codeMeta, blocks);
                }
                owned = Arrays.copyOf(owned, blocks);
                allocateBlock(b, b == 0 ? Math.min(FIRST_BLOCK_ROWS, blockRows) : blockRows);
            } else if (slot == users[b].length) {
                resizeBlock(b, Math.min(blockRows, slot * 2));
            }
            System.arraycopy(vector, 0, vectors[b], slot * dimension, dimension);
            users[b][slot] = user;
            templateIds[b][slot] = templateId;
            userReferences[b][slot] = userReference;
            if (codes != null) {
                Int8Sketch.encode(vector, 0, dimension, codes[b], slot * dimension, codeMeta[b], slot * Int8Sketch.META);
            }
            size++;
            return row;
        }

        /**
         * Removes a row by moving the last row into it; returns true when a row moved (then the moved
         * template now lives at {@code row}).
         */
        boolean remove(int row) {
            int last = size - 1;
            int b = row / blockRows;
            int lastBlock = last / blockRows;
            int lastSlot = last % blockRows;
            own(b);
            own(lastBlock);
            boolean moved = row != last;
            if (moved) {
                int slot = row % blockRows;
                System.arraycopy(vectors[lastBlock], lastSlot * dimension, vectors[b], slot * dimension, dimension);
                users[b][slot] = users[lastBlock][lastSlot];
                templateIds[b][slot] = templateIds[lastBlock][lastSlot];
                userReferences[b][slot] = userReferences[lastBlock][lastSlot];
                if (codes != null) {
                    System.arraycopy(codes[lastBlock], lastSlot * dimension, codes[b], slot * dimension, dimension);
                    System.arraycopy(codeMeta[lastBlock], lastSlot * Int8Sketch.META, codeMeta[b],
                            slot * Int8Sketch.META, Int8Sketch.META);
                }
            }
            userReferences[lastBlock][lastSlot] = null;
            size = last;
            return moved;
        }

        Segment publish() {
            int blocks = (size + blockRows - 1) / blockRows;
            if (blocks < vectors.length) {
                vectors = Arrays.copyOf(vectors, blocks);
                users = Arrays.copyOf(users, blocks);
                templateIds = Arrays.copyOf(templateIds, blocks);
                userReferences = Arrays.copyOf(userReferences, blocks);
                if (codes != null) {
                    codes = Arrays.copyOf(codes, blocks);
                    codeMeta = Arrays.copyOf(codeMeta, blocks);
                }
                owned = Arrays.copyOf(owned, blocks);
            }
            return new Segment(modelKey, dimension, size, vectors, users, templateIds, userReferences, codes, codeMeta);
        }

        private void own(int b) {
            if (!owned[b]) {
                resizeBlock(b, users[b].length);
            }
        }

        private void allocateBlock(int b, int rows) {
            vectors[b] = new float[rows * dimension];
            users[b] = new int[rows];
            templateIds[b] = new long[rows];
            userReferences[b] = new String[rows];
            if (codes != null) {
                codes[b] = new byte[rows * dimension];
                codeMeta[b] = new float[rows * Int8Sketch.META];
            }
            owned[b] = true;
        }

        private void resizeBlock(int b, int rows) {
            vectors[b] = Arrays.copyOf(vectors[b], rows * dimension);
            users[b] = Arrays.copyOf(users[b], rows);
            templateIds[b] = Arrays.copyOf(templateIds[b], rows);
            userReferences[b] = Arrays.copyOf(userReferences[b], rows);
            if (codes != null) {
                codes[b] = Arrays.copyOf(codes[b], rows * dimension);
                codeMeta[b] = Arrays.copyOf(codeMeta[b], rows * Int8Sketch.META);
            }
            owned[b] = true;
        }
    }
}
