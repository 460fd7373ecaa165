package io.visage.core.internal;

import java.util.Map;

/**
 * The matching configuration the gallery use cases read on every request (replaced as a whole when the
 * configuration changes).
 *
 * @param galleryGrade the 1:1 / 1:N decision threshold; 0 or less: the embedding model's calibrated one
 * @param idGrade      the same for selfie vs ID document portraits
 * @param maxTopN      the largest ranking a 1:N request may ask for
 * @param minQuality   the enrolment quality gate, measure to minimum; empty: no gate
 */
record GallerySettings(double galleryGrade, double idGrade, int maxTopN, Map<String, Double> minQuality) {
    GallerySettings {
        minQuality = Map.copyOf(minQuality);
    }
}
