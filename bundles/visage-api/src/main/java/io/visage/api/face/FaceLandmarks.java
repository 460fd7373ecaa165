package io.visage.api.face;

import java.util.List;

/**
 * Facial landmarks in image pixel coordinates.
 *
 * @param points    the model's own points (68 in the iBUG 300-W order for {@code fr_landmark})
 * @param fivePoint left eye centre, right eye centre, nose tip, left mouth corner, right mouth corner
 *                  (left/right as seen in the image)
 */
public record FaceLandmarks(List<Point> points, List<Point> fivePoint) {

    public FaceLandmarks {
        points = List.copyOf(points);
        fivePoint = List.copyOf(fivePoint);
        if (fivePoint.size() != 5) {
            throw new IllegalArgumentException("five points expected, got " + fivePoint.size());
        }
    }
}
