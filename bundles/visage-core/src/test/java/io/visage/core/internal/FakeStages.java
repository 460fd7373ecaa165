package io.visage.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.ImageDecoder;
import io.visage.api.face.LivenessResult;
import io.visage.api.face.Point;

/**
 * Pipeline stages at the API seam for use-case tests: an "image" is the text {@code face:<person>} (one
 * adequately captured face whose template is the person's), {@code spoof:<person>} (the same face, judged not
 * live) or anything else (no face). Templates of one person are identical; of two persons, near orthogonal.
 */
final class FakeStages {
    static final String MODEL = "fake_feature";
    static final String VERSION = "1";

    private FakeStages() {
    }

    static byte[] face(String person) {
        return ("face:" + person).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] spoof(String person) {
        return ("spoof:" + person).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] noFace() {
        return "landscape".getBytes(StandardCharsets.UTF_8);
    }

    static FacePipeline pipeline() {
        return pipeline(encoded -> new Image(new String(encoded, StandardCharsets.UTF_8)));
    }

    /** The same stages behind another decoder (for example one that refuses every upload). */
    static FacePipeline pipeline(ImageDecoder decoder) {
        FaceEmbedder embedder = new FaceEmbedder() {
            @Override
            public FaceTemplate embed(FaceImage alignedFace) {
                return embed(alignedFace, MODEL + ":" + VERSION);
            }

            @Override
            public FaceTemplate embed(FaceImage alignedFace, String modelKey) {
                if (!modelKey.equals(MODEL + ":" + VERSION)) {
                    throw new FaceException(FaceError.STAGE_UNAVAILABLE, modelKey);
                }
                return new FaceTemplate(vector(((Image) alignedFace).person()), MODEL, VERSION);
            }

            @Override
            public List<String> modelKeys() {
                return List.of(MODEL + ":" + VERSION);
            }
        };
        return new FacePipeline(decoder,
                image -> ((Image) image).person() == null ? List.of()
                        : List.of(new DetectedFace(new Box(20, 20, 80, 80), 0.99)),
                (width, height, face) -> face == null ? CaptureState.NO_FACE : CaptureState.ADEQUATE,
                (image, face) -> new FaceLandmarks(List.of(), List.of(new Point(40, 40), new Point(60, 40),
                        new Point(50, 50), new Point(42, 62), new Point(58, 62))),
                (image, landmarks) -> new Image(((Image) image).content()),
                embedder,
                (image, face) -> ((Image) image).content().startsWith("spoof:")
                        ? new LivenessResult(0.01, 0.3, false, LivenessResult.GENERIC_FAILURE, "fake_liveness", "1")
                        : new LivenessResult(0.99, 0.3, true, "Live person detected", "fake_liveness", "1"));
    }

    /** A unit vector of its own for each person. */
    static float[] vector(String person) {
        Random random = new Random(person.hashCode());
        float[] v = new float[64];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    record Image(String content) implements FaceImage {
        String person() {
            int colon = content.indexOf(':');
            return colon < 0 ? null : content.substring(colon + 1);
        }

        @Override
        public int width() {
            return 100;
        }

        @Override
        public int height() {
            return 120;
        }

        @Override
        public <T> Optional<T> view(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }
}
