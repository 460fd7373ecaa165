package io.visage.evaluation;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.visage.api.face.DetectedFace;

/**
 * Which detected face of an image is embedded. LFW's labelled person is the one in the centre of the image, and
 * an edge face may be larger, so the evaluation measures the platform's rule against the largest and the central.
 */
enum FaceRule {

    /**
     * The platform's rule, {@link DetectedFace#mostRelevant}: the largest box, unless it is an edge face and the
     * most central face has at least half its area.
     */
    PLATFORM {
        @Override
        Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height) {
            return DetectedFace.mostRelevant(faces, width, height);
        }
    },
    /** The largest box, then the most central (the platform's rule before issue 16). */
    LARGEST {
        @Override
        Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height) {
            return faces.stream().max(Comparator.<DetectedFace>comparingDouble(f -> f.box().area())
                    .thenComparingDouble(f -> -distanceToCentre(f, width, height)));
        }
    },
    /** The box whose centre is nearest to the image centre. */
    CENTRAL {
        @Override
        Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height) {
            return faces.stream().min(Comparator.comparingDouble(f -> distanceToCentre(f, width, height)));
        }
    };

    abstract Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height);

    static double distanceToCentre(DetectedFace face, int width, int height) {
        return Math.hypot(face.box().centre().x() - width / 2.0, face.box().centre().y() - height / 2.0);
    }
}
