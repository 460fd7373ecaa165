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
     * The most relevant face: the largest box (between boxes of equal area, the one whose centre is nearest to
     * the image centre), unless the largest is an edge face, its centre more than a quarter of the image's width
     * or height away from the image centre, and the face nearest the centre is a central face, its centre within
     * a sixth of the width and height of the image centre, with at least half the largest's area: then that
     * central face. A photo framed for one person (a gallery or ID photo, a selfie) holds them in the middle; a
     * larger face at its edge is somebody else's (measured on LFW's DevTrain: ACCURACY.md, "LFW"). Group photos
     * without a face in the middle keep the largest.
     */
    public static Optional<DetectedFace> mostRelevant(List<DetectedFace> faces, int imageWidth, int imageHeight) {
        double cx = imageWidth / 2.0;
        double cy = imageHeight / 2.0;
        Comparator<DetectedFace> byArea = Comparator.comparingDouble(f -> f.box().area());
        Comparator<DetectedFace> byCentrality = Comparator.comparingDouble(
                f -> -Math.hypot(f.box().centre().x() - cx, f.box().centre().y() - cy));
        Optional<DetectedFace> largest = faces.stream().max(byArea.thenComparing(byCentrality));
        if (largest.isEmpty()) {
            return largest;
        }
        Point c = largest.get().box().centre();
        boolean edge = Math.abs(c.x() - cx) > imageWidth / 4.0 || Math.abs(c.y() - cy) > imageHeight / 4.0;
        if (!edge) {
            return largest;
        }
        DetectedFace central = faces.stream().max(byCentrality).orElseThrow();
        Point m = central.box().centre();
        boolean inMiddle = Math.abs(m.x() - cx) <= imageWidth / 6.0 && Math.abs(m.y() - cy) <= imageHeight / 6.0;
        return inMiddle && central.box().area() >= CENTRAL_FACE_SHARE * largest.get().box().area()
                ? Optional.of(central) : largest;
    }

    /** The share of the largest face's area a central face needs to be chosen over a larger edge face. */
    public static final double CENTRAL_FACE_SHARE = 0.5;
}
