package io.visage.index.hnsw.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.visage.api.index.UserMatch;

/** Best exact score per user over the templates offered, ranked as the index API orders users. */
final class UserRanking {

    static final Comparator<UserMatch> ORDER =
            Comparator.comparing(UserMatch::score).reversed().thenComparing(UserMatch::userReference);

    private final Map<String, UserMatch> best = new HashMap<>();

    void offer(String user, float score, long templateId) {
        UserMatch current = best.get(user);
        if (current == null || score > current.score()
                || (score == current.score() && templateId < current.templateId())) {
            best.put(user, new UserMatch(user, score, templateId));
        }
    }

    int users() {
        return best.size();
    }

    List<UserMatch> top(int n) {
        List<UserMatch> ranked = new ArrayList<>(best.values());
        ranked.sort(ORDER);
        return ranked.size() > n ? List.copyOf(ranked.subList(0, n)) : List.copyOf(ranked);
    }
}
