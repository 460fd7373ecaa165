package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.LivenessDetector;
import io.visage.api.face.LivenessResult;
import io.visage.api.face.Point;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.EndpointFamily;

/** A probe with liveness: the liveness model runs on a spare core while the calling thread makes the template. */
public class ProbesBesideTest {
    private static final ApiUser TENANT = new ApiUser(7, "acme", true, EnumSet.allOf(EndpointFamily.class),
            Instant.EPOCH);
    private static final LivenessResult LIVE = new LivenessResult(0.98, 0.3, true, "Live person detected.",
            "fake_liveness", "1");

    private final SpareCores spareCores = new SpareCores(1);
    private final AtomicBoolean imageClosed = new AtomicBoolean();

    @After
    public void stop() {
        spareCores.close();
    }

    /** An image that knows whether it was closed, as a native one must not be while a stage still reads it. */
    private final class TrackedImage implements FaceImage {
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
            imageClosed.set(true);
        }
    }

    private Probes probes(FaceEmbedder embedder, LivenessDetector liveness) {
        return probes(embedder, liveness, spareCores);
    }

    private Probes probes(FaceEmbedder embedder, LivenessDetector liveness, SpareCores executor) {
        FacePipeline pipeline = new FacePipeline(
                encoded -> new TrackedImage(),
                image -> List.of(new DetectedFace(new Box(20, 20, 80, 80), 0.99)),
                (width, height, face) -> face == null ? CaptureState.NO_FACE : CaptureState.ADEQUATE,
                (image, face) -> new FaceLandmarks(List.of(), List.of(new Point(40, 40), new Point(60, 40),
                        new Point(50, 50), new Point(42, 62), new Point(58, 62))),
                (image, landmarks) -> new FakeStages.Image("aligned"),
                embedder, liveness);
        return new Probes(pipeline, new InMemoryStorage(), () -> new GallerySettings(0, 0, 100, java.util.Map.of()),
                executor);
    }

    private static FaceEmbedder embedder(Runnable during) {
        return new FaceEmbedder() {
            @Override
            public FaceTemplate embed(FaceImage alignedFace) {
                return embed(alignedFace, FakeStages.MODEL + ":" + FakeStages.VERSION);
            }

            @Override
            public FaceTemplate embed(FaceImage alignedFace, String modelKey) {
                during.run();
                return new FaceTemplate(FakeStages.vector("penny"), FakeStages.MODEL, FakeStages.VERSION);
            }

            @Override
            public List<String> modelKeys() {
                return List.of(FakeStages.MODEL + ":" + FakeStages.VERSION);
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue("the other stage did not run at the same time", latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void livenessRunsBesideTheTemplate() {
        // each stage waits until the other has started: they pass only if they run at the same time
        CountDownLatch embedding = new CountDownLatch(1);
        CountDownLatch checking = new CountDownLatch(1);
        AtomicReference<Thread> livenessThread = new AtomicReference<>();
        Probes probes = probes(embedder(() -> {
            embedding.countDown();
            await(checking);
        }), (image, face) -> {
            livenessThread.set(Thread.currentThread());
            checking.countDown();
            await(embedding);
            return LIVE;
        });

        Probes.Probe probe = probes.forTenant(TENANT, FakeStages.face("penny"), true, false);

        assertTrue(probe.liveness().passed());
        assertEquals(FakeStages.MODEL, probe.template().modelName());
        assertNotEquals(Thread.currentThread(), livenessThread.get());
        assertTrue(imageClosed.get());
    }

    @Test
    public void theImageOutlivesTheLivenessCheckWhenTheTemplateFails() {
        AtomicBoolean closedWhileChecking = new AtomicBoolean(true);
        CountDownLatch checking = new CountDownLatch(1);
        Probes probes = probes(embedder(() -> {
            await(checking);
            throw new FaceException(FaceError.NO_FACE, "no face");
        }), (image, face) -> {
            checking.countDown();
            try {
                Thread.sleep(200); // the template has failed by now
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closedWhileChecking.set(imageClosed.get());
            return LIVE;
        });

        FaceException failure = assertThrows(FaceException.class,
                () -> probes.forTenant(TENANT, FakeStages.face("penny"), true, false));

        assertEquals(FaceError.NO_FACE, failure.error());
        assertFalse("closed while liveness still read it", closedWhileChecking.get());
        assertTrue(imageClosed.get());
    }

    @Test
    public void aLivenessFailureIsTheRequestsAnswer() {
        Probes probes = probes(embedder(() -> { }), (image, face) -> {
            throw new FaceException(FaceError.STAGE_UNAVAILABLE, "no liveness model");
        });

        FaceException failure = assertThrows(FaceException.class,
                () -> probes.withPreferredModel(FakeStages.face("penny"), true));

        assertEquals(FaceError.STAGE_UNAVAILABLE, failure.error());
        assertTrue(imageClosed.get());
    }

    @Test
    public void withoutASpareCoreLivenessRunsOnTheCaller() {
        AtomicReference<Thread> livenessThread = new AtomicReference<>();
        try (SpareCores none = new SpareCores(0)) {
            probes(embedder(() -> { }), (image, face) -> {
                livenessThread.set(Thread.currentThread());
                return LIVE;
            }, none).withPreferredModel(FakeStages.face("penny"), true);
        }
        assertEquals(Thread.currentThread(), livenessThread.get());
    }
}
