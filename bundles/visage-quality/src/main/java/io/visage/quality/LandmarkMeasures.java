package io.visage.quality;

import java.util.List;
import java.util.Map;

import io.visage.api.face.Point;
import io.visage.api.quality.QualityMeasure;

/**
 * The measures read from the 68 landmarks (iBUG 300-W order). Geometric ratios are taken in the face's own
 * frame: landmarks rotated so that the eye line is horizontal.
 */
final class LandmarkMeasures {

    /** Inner-lip gap over mouth width: closed up to the first, fully open from the second. */
    static final double MOUTH_CLOSED_GAP = 0.10;
    static final double MOUTH_OPEN_GAP = 0.35;
    /** Neutral ranges of the expression features (measured on the labelled frontal faces, see QUALITY.md). */
    static final double NEUTRAL_MOUTH_WIDTH = 0.95;
    static final double NEUTRAL_CORNER_LIFT = 0.10;
    static final double NEUTRAL_BROW_RAISE = 0.36;
    static final double NEUTRAL_GAP = 0.12;
    /** How far beyond the neutral range a feature may go before neutrality falls to 1/e. */
    static final double EXPRESSION_SPREAD = 0.12;

    private LandmarkMeasures() {
    }

    static void measure(List<Point> points, int imageHeight, Map<QualityMeasure, Double> m) {
        Features f = features(points);
        m.put(QualityMeasure.INTER_EYE_DISTANCE, f.interEye());
        m.put(QualityMeasure.HEAD_SIZE, Math.min(1, 2 * f.eyesToChin() / Math.max(1, imageHeight)));
        m.put(QualityMeasure.MOUTH_CLOSED,
                1 - clamp((f.gap() - MOUTH_CLOSED_GAP) / (MOUTH_OPEN_GAP - MOUTH_CLOSED_GAP)));
        m.put(QualityMeasure.EXPRESSION_NEUTRALITY, neutrality(f));
    }

    /**
     * Expression features in the face's frame, relative to the inter-eye distance (IED): mouth width / IED
     * (smiles widen), corner lift = (lip centre height - mouth corner height) / IED (smiles lift, frowns lower),
     * brow raise = eyebrow-to-eye distance / IED (surprise, fear), gap = inner-lip gap / mouth width.
     */
    record Features(double interEye, double eyesToChin, double mouthWidth, double cornerLift, double browRaise,
                    double gap) {
    }

    static Features features(List<Point> p) {
        Point leftEye = mean(p, 36, 41);
        Point rightEye = mean(p, 42, 47);
        double ied = Math.max(1e-6, dist(leftEye, rightEye));
        double angle = Math.atan2(rightEye.y() - leftEye.y(), rightEye.x() - leftEye.x());
        double cos = Math.cos(-angle);
        double sin = Math.sin(-angle);
        // y in the face's frame (down is positive) of a point.
        java.util.function.ToDoubleFunction<Point> y = q -> sin * q.x() + cos * q.y();
        Point eyeMid = new Point((leftEye.x() + rightEye.x()) / 2, (leftEye.y() + rightEye.y()) / 2);
        double mouthWidth = dist(p.get(48), p.get(54));
        double lipCentre = (y.applyAsDouble(p.get(51)) + y.applyAsDouble(p.get(57))) / 2;
        double corners = (y.applyAsDouble(p.get(48)) + y.applyAsDouble(p.get(54))) / 2;
        double brows = (y.applyAsDouble(mean(p, 17, 21)) + y.applyAsDouble(mean(p, 22, 26))) / 2;
        double eyes = y.applyAsDouble(eyeMid);
        double gap = (dist(p.get(61), p.get(67)) + dist(p.get(62), p.get(66)) + dist(p.get(63), p.get(65))) / 3;
        return new Features(ied, dist(eyeMid, p.get(8)), mouthWidth / ied, (lipCentre - corners) / ied,
                (eyes - brows) / ied, gap / Math.max(1e-6, mouthWidth));
    }

    /** exp(-Σ excess²/spread²) over the features' excess beyond their neutral ranges. */
    static double neutrality(Features f) {
        double excess = sq(Math.max(0, f.mouthWidth() - NEUTRAL_MOUTH_WIDTH))
                + sq(Math.max(0, Math.abs(f.cornerLift()) - NEUTRAL_CORNER_LIFT))
                + sq(Math.max(0, f.browRaise() - NEUTRAL_BROW_RAISE))
                + sq(Math.max(0, f.gap() - NEUTRAL_GAP));
        return Math.exp(-excess / sq(EXPRESSION_SPREAD));
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static Point mean(List<Point> p, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i <= to; i++) {
            x += p.get(i).x();
            y += p.get(i).y();
        }
        int n = to - from + 1;
        return new Point(x / n, y / n);
    }

    private static double dist(Point a, Point b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }
}
