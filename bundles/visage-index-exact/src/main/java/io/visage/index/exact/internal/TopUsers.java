package io.visage.index.exact.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.visage.api.index.UserMatch;

/**
 * Bounded min-heap of the best users seen so far, one entry per user holding its best score.
 *
 * <p>Invariant: every user outside the heap has a best-so-far score no higher than the heap's minimum,
 * so only a score above {@link #threshold()} can change the result; then a linear probe (the heap is
 * top-N small) finds whether the user is already in it.
 */
final class TopUsers {

    private static final Comparator<UserMatch> RANKING =
            Comparator.comparing(UserMatch::score).reversed().thenComparing(UserMatch::userReference);

    private final int capacity;
    private final float[] scores;
    private final int[] users;
    private final long[] templateIds;
    private final String[] userReferences;
    private int size;

    TopUsers(int capacity) {
        this.capacity = capacity;
        scores = new float[capacity];
        users = new int[capacity];
        templateIds = new long[capacity];
        userReferences = new String[capacity];
    }

    /** Scores at or below this cannot enter the result. */
    float threshold() {
        return size < capacity ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(int user, float score, String userReference, long templateId) {
        for (int i = 0; i < size; i++) {
            if (users[i] == user) {
                if (score > scores[i]) {
                    set(i, user, score, userReference, templateId);
                    siftDown(i);
                }
                return;
            }
        }
        if (size < capacity) {
            set(size, user, score, userReference, templateId);
            siftUp(size++);
        } else {
            set(0, user, score, userReference, templateId);
            siftDown(0);
        }
    }

    int capacity() {
        return capacity;
    }

    /**
     * Offers every entry of another heap, filled from a disjoint part of the same segment. A user among the
     * best {@code capacity} overall is among the best of the part that holds its best template, so merging
     * the parts' heaps gives the heap of the whole.
     */
    void offerAll(TopUsers other) {
        for (int i = 0; i < other.size; i++) {
            if (other.scores[i] > threshold()) {
                offer(other.users[i], other.scores[i], other.userReferences[i], other.templateIds[i]);
            }
        }
    }

    List<UserMatch> ranked() {
        List<UserMatch> result = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            result.add(new UserMatch(userReferences[i], scores[i], templateIds[i]));
        }
        result.sort(RANKING);
        return result;
    }

    private void set(int i, int user, float score, String userReference, long templateId) {
        users[i] = user;
        scores[i] = score;
        userReferences[i] = userReference;
        templateIds[i] = templateId;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (scores[parent] <= scores[i]) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int smallest = left + 1 < size && scores[left + 1] < scores[left] ? left + 1 : left;
            if (scores[i] <= scores[smallest]) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        float score = scores[a];
        scores[a] = scores[b];
        scores[b] = score;
        int user = users[a];
        users[a] = users[b];
        users[b] = user;
        long templateId = templateIds[a];
        templateIds[a] = templateIds[b];
        templateIds[b] = templateId;
        String reference = userReferences[a];
        userReferences[a] = userReferences[b];
        userReferences[b] = reference;
    }
}
