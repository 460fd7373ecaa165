package io.visage.index.exact.internal;

import java.util.Arrays;

/**
 * Open-addressing map from long keys to non-negative long values (linear probing, backward-shift
 * deletion), so that locating a template costs no boxed objects. Not thread-safe.
 */
final class LongLongMap {

    static final long ABSENT = -1L;

    private long[] keys;
    private long[] values;
    private int size;
    private int mask;

    LongLongMap() {
        allocate(16);
    }

    int size() {
        return size;
    }

    long get(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long v = values[i];
            if (v == ABSENT || keys[i] == key) {
                return v;
            }
        }
    }

    /** Stores {@code value} (must be >= 0); returns the previous value or {@link #ABSENT}. */
    long put(long key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value");
        }
        int i = slot(key);
        for (; values[i] != ABSENT; i = (i + 1) & mask) {
            if (keys[i] == key) {
                long previous = values[i];
                values[i] = value;
                return previous;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        return ABSENT;
    }

    long remove(long key) {
        int i = slot(key);
        for (; values[i] != ABSENT; i = (i + 1) & mask) {
            if (keys[i] == key) {
                long previous = values[i];
                shiftBack(i);
                size--;
                return previous;
            }
        }
        return ABSENT;
    }

    /** Bytes held by the two arrays. */
    long allocatedBytes() {
        return 16L * keys.length;
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == ABSENT) {
                values[hole] = ABSENT;
                return;
            }
            int home = slot(keys[i]);
            // Move the entry at i into the hole unless its home lies cyclically in (hole, i].
            boolean homeBetween = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
            if (!homeBetween) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(values, ABSENT);
        mask = capacity - 1;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(capacity);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != ABSENT) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
