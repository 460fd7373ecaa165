package io.visage.api.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.Test;

import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceAligner;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.Point;

public class FaceFlowTest {

    /** A 100x100 image with nothing behind it: the flow only passes images between stages. */
    static final class Blank implements FaceImage {
        final String name;
        boolean closed;

        Blank(String name) {
            this.name = name;
        }

        @Override
        public int width() {
            return 100;
        }

        @Override
        public int height() {
            return 100;
        }

        @Override
        public <T> Optional<T> view(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final DetectedFace SMALL = new DetectedFace(new Box(0, 0, 10, 10), 0.99);
    static final DetectedFace LARGE = new DetectedFace(new Box(20, 20, 80, 80), 0.9);
    static final List<Point> FIVE = List.of(new Point(40, 40), new Point(60, 40), new Point(50, 50),
            new Point(42, 60), new Point(58, 60));

    /** Records which aligner produced the face each model embedded. */
    private final List<String> embedded = new ArrayList<>();
    private final List<Blank> aligned = new ArrayList<>();

    private FaceAligner aligner(String crop) {
        return (image, landmarks) -> {
            Blank out = new Blank(crop);
            aligned.add(out);
            return out;
        };
    }

    private final FaceEmbedder embedder = new FaceEmbedder() {
        @Override
        public FaceTemplate embed(FaceImage alignedFace) {
            throw new AssertionError("the flow names the model");
        }

        @Override
        public FaceTemplate embed(FaceImage alignedFace, String modelKey) {
            embedded.add(modelKey + " on " + ((Blank) alignedFace).name);
            return new FaceTemplate(new float[] {1}, modelKey.split(":")[0], modelKey.split(":")[1]);
        }

        @Override
        public List<String> modelKeys() {
            return List.of("fr_feature:0.0.1", "faceapi_resnet34:1.7.15");
        }
    };

    private FaceFlow.Builder production(CaptureState state) {
        return FaceFlow.builder()
                .decoder(bytes -> new Blank("decoded"))
                .detector(image -> List.of(SMALL, LARGE))
                .captureChecker((w, h, face) -> state)
                .landmarker((image, face) -> new FaceLandmarks(FIVE, FIVE))
                .aligner(FaceAligner.CROP_ARCFACE_112, aligner(FaceAligner.CROP_ARCFACE_112))
                .aligner(FaceAligner.CROP_DLIB_150, aligner(FaceAligner.CROP_DLIB_150))
                .modelCrop("faceapi_resnet34:1.7.15", FaceAligner.CROP_DLIB_150)
                .embedder(embedder);
    }

    @Test
    public void locatingChoosesTheMostRelevantFaceAndChecksItsCapture() {
        FaceFlow flow = production(CaptureState.ADEQUATE).build();
        try (FaceImage image = flow.decode(new byte[1])) {
            FaceFlow.Located located = flow.locate(image);
            assertEquals(List.of(SMALL, LARGE), located.faces());
            assertEquals(Optional.of(LARGE), located.face());
            assertEquals(CaptureState.ADEQUATE, located.state());
            assertEquals(LARGE, flow.requireAdequateFace(image));
        }
    }

    @Test
    public void anInadequateCaptureIsRefusedWithItsError() {
        FaceFlow flow = production(CaptureState.TOO_FAR).build();
        try (FaceImage image = flow.decode(new byte[1])) {
            FaceException e = assertThrows(FaceException.class, () -> flow.requireAdequateFace(image));
            assertEquals(FaceError.FACE_TOO_FAR, e.error());
            assertEquals("document photos skip the capture check", LARGE, flow.requireFace(image));
        }
    }

    @Test
    public void eachEmbeddingModelGetsTheCropItNeeds() {
        FaceFlow flow = production(CaptureState.ADEQUATE).build();
        try (FaceImage image = flow.decode(new byte[1])) {
            assertEquals("fr_feature", flow.template(image, LARGE).modelName());
            flow.template(image, LARGE, "faceapi_resnet34:1.7.15");
        }
        assertEquals(List.of("fr_feature:0.0.1 on arcface112", "faceapi_resnet34:1.7.15 on dlib150"), embedded);
        assertTrue("aligned faces are closed", aligned.stream().allMatch(b -> b.closed));
    }

    @Test
    public void aMissingStageFailsOnlyTheStepsThatNeedIt() {
        FaceFlow flow = production(CaptureState.ADEQUATE).liveness(null).embedder(null).build();
        try (FaceImage image = flow.decode(new byte[1])) {
            assertEquals(LARGE, flow.requireAdequateFace(image));
            FaceException e = assertThrows(FaceException.class, () -> flow.liveness(image, LARGE));
            assertEquals(FaceError.STAGE_UNAVAILABLE, e.error());
            assertTrue(e.getMessage(), e.getMessage().contains("no liveness detector service is running"));
            assertThrows(FaceException.class, () -> flow.template(image, LARGE));
            assertEquals(List.of(), flow.embeddingModels());
        }
    }
}
