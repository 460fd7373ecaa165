package io.visage.api.face;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A face found by a {@link FaceDetector}.
 *
 * @param box   the face box in pixels of the decoded (upright) image, clipped to it
 * @param score detector confidence, 0..1
 */
public record DetectedFace(Box box, double score) {

    /**
     * The most relevant face: the largest box; between boxes of equal area the one whose centre is nearest
     * to the image centre.
     */
    public static Optional<DetectedFace> mostRelevant(List<DetectedFace> faces, int imageWidth, int imageHeight) {
        double cx = imageWidth / 2.0;
        double cy = imageHeight / 2.0;
        Comparator<DetectedFace> byArea = Comparator.comparingDouble(f -> f.box().area());
        Comparator<DetectedFace> byCentrality = Comparator.comparingDouble(
                f -> -Math.hypot(f.box().centre().x() - cx, f.box().centre().y() - cy));
        return faces.stream().max(byArea.thenComparing(byCentrality));
    }
}
