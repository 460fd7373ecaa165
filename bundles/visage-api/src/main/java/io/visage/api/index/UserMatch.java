package io.visage.api.index;

import java.util.Objects;

/**
 * A user's score against a query: the best over the user's templates of the queried model.
 *
 * @param userReference the gallery user
 * @param score         the dot product of the query and {@code templateId}'s vector
 * @param templateId    the template that gave the best score
 */
public record UserMatch(String userReference, float score, long templateId) {

    public UserMatch {
        Objects.requireNonNull(userReference, "userReference");
    }
}
