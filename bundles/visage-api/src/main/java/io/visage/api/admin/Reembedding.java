package io.visage.api.admin;

import java.util.List;

/**
 * Re-embedding progress of one tenant towards the embedder's preferred model.
 *
 * @param remaining       saved images still lacking a template of the target model
 * @param failed          saved images in which the current pipeline finds no face (skipped, logged)
 * @param needReenrolment users without a saved image to re-embed from: they must enrol again
 */
public record Reembedding(String apiUser, String activeModel, String targetModel, int remaining, int failed,
        List<String> needReenrolment) {

    public boolean complete() {
        return activeModel.equals(targetModel);
    }
}
