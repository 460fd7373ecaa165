package io.visage.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.quality.QualityMeasure;

/**
 * The optional enrolment quality gate: {@code measure=minimum} pairs; for head pose the number is the
 * largest absolute angle allowed. A face below any minimum is refused with the measure named.
 */
final class QualityGate {
    private QualityGate() {
    }

    /** @throws IllegalArgumentException for an unknown measure or a malformed pair (the component fails to start) */
    static Map<String, Double> parse(String text) {
        Map<String, Double> minimums = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return minimums;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=", 2);
            String measure = parts[0].trim();
            boolean known = false;
            for (QualityMeasure m : QualityMeasure.values()) {
                known |= m.key().equals(measure);
            }
            if (parts.length != 2 || !known) {
                throw new IllegalArgumentException("minQuality: '" + pair.trim() + "' is not measure=minimum with a "
                        + "measure of ISO/IEC 29794-5 as named in QUALITY.md");
            }
            minimums.put(measure, Double.parseDouble(parts[1].trim()));
        }
        return minimums;
    }

    static void check(Map<String, Double> minimums, Map<String, Double> measures) {
        for (Map.Entry<String, Double> minimum : minimums.entrySet()) {
            double value = measures.get(minimum.getKey());
            boolean pose = minimum.getKey().startsWith("head_pose_");
            if (pose ? Math.abs(value) > minimum.getValue() : value < minimum.getValue()) {
                throw new RequestRefusedException(Refusal.QUALITY_TOO_LOW, minimum.getKey(), value,
                        pose ? "exceeds" : "below", minimum.getValue());
            }
        }
    }
}
