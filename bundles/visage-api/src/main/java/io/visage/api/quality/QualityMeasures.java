package io.visage.api.quality;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The quality measures of one face: every {@link QualityMeasure} has a finite value, rounded as the seed rounds
 * it. Immutable.
 */
public final class QualityMeasures {

    private final EnumMap<QualityMeasure, Double> values;
    private final Map<String, Double> byKey;

    private QualityMeasures(EnumMap<QualityMeasure, Double> values) {
        this.values = values;
        Map<String, Double> keyed = new LinkedHashMap<>();
        values.forEach((m, v) -> keyed.put(m.key(), v));
        this.byKey = Collections.unmodifiableMap(keyed);
    }

    /**
     * The measures with the given raw values, each rounded to its {@link QualityMeasure#decimals()}.
     *
     * @throws IllegalArgumentException when a measure is missing or not finite
     */
    public static QualityMeasures of(Map<QualityMeasure, Double> raw) {
        EnumMap<QualityMeasure, Double> values = new EnumMap<>(QualityMeasure.class);
        for (QualityMeasure m : QualityMeasure.values()) {
            Double v = raw.get(m);
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("no finite value for " + m.key() + ": " + v);
            }
            double rounded = m.round(v);
            values.put(m, rounded == 0 ? 0.0 : rounded);
        }
        return new QualityMeasures(values);
    }

    public double get(QualityMeasure measure) {
        return values.get(measure);
    }

    /** All measures by their seed name, in the seed's (alphabetical) order; unmodifiable. */
    public Map<String, Double> asMap() {
        return byKey;
    }

    /**
     * Whether every measure named in {@code minimums} (seed names) reaches its minimum. Head pose angles compare
     * by absolute value against a maximum instead: {@code head_pose_yaw: 20} means |yaw| ≤ 20°. Unknown names
     * fail, so that a misspelt gate does not silently pass.
     */
    public boolean meets(Map<String, Double> minimums) {
        for (Map.Entry<String, Double> e : minimums.entrySet()) {
            Double v = byKey.get(e.getKey());
            if (v == null) {
                return false;
            }
            boolean angle = e.getKey().startsWith("head_pose_");
            if (angle ? Math.abs(v) > e.getValue() : v < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QualityMeasures other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "QualityMeasures" + byKey;
    }
}
