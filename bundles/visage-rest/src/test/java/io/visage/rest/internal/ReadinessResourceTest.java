package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.core.Response;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.admin.PlatformAdmin;
import io.visage.api.face.CaptureChecker;
import io.visage.api.face.FaceAligner;
import io.visage.api.face.FaceDetector;
import io.visage.api.face.FaceEmbedder;
import io.visage.api.face.FaceLandmarker;
import io.visage.api.face.ImageDecoder;
import io.visage.api.face.LivenessDetector;
import io.visage.api.index.TemplateIndex;
import io.visage.api.quality.QualityAssessor;
import io.visage.api.storage.ApiUserStore;
import io.visage.api.storage.StorageException;
import io.visage.rest.internal.wire.NotReady;
import io.visage.rest.internal.wire.Status;

public class ReadinessResourceTest {
    private final ReadinessResource readiness = new ReadinessResource();
    private final TemplateIndex index = service(TemplateIndex.class, Map.of());

    /** A service that answers only the named methods; readiness asks little more than whether it is there. */
    @SuppressWarnings("unchecked")
    private static <T> T service(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(ReadinessResourceTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Object answer = answers.get(method.getName());
                    if (answer instanceof RuntimeException) {
                        throw (RuntimeException) answer;
                    }
                    if (answer == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return answer;
                });
    }

    /** Everything running, as on a started platform. */
    @Before
    public void running() {
        readiness.storage = service(ApiUserStore.class, Map.of("findByName", Optional.empty()));
        readiness.decoder = service(ImageDecoder.class, Map.of());
        readiness.detector = service(FaceDetector.class, Map.of());
        readiness.captureChecker = service(CaptureChecker.class, Map.of());
        readiness.landmarker = service(FaceLandmarker.class, Map.of());
        readiness.aligners = List.of(service(FaceAligner.class, Map.of()));
        readiness.embedder = service(FaceEmbedder.class, Map.of("modelKeys", List.of("fr_feature:0.0.1")));
        readiness.liveness = service(LivenessDetector.class, Map.of());
        readiness.quality = service(QualityAssessor.class, Map.of());
        readiness.index = index;
        readiness.admin = service(PlatformAdmin.class, Map.of("indexBackend", index.getClass().getName(),
                "changesCaughtUp", true));
    }

    @Test
    public void readyWhenEveryPartIsThere() {
        assertEquals(List.of(), readiness.missing());
        Response answer = readiness.ready();
        assertEquals(200, answer.getStatus());
        assertEquals(new Status(200, "Ready."), answer.getEntity());
    }

    @Test
    public void storageThatFailsIsNamedLikeStorageThatIsAway() {
        readiness.storage = service(ApiUserStore.class,
                Map.of("findByName", new StorageException("find API user", new java.sql.SQLException("no connection"))));
        assertEquals(List.of("storage"), readiness.missing());
        readiness.storage = null;
        Response answer = readiness.ready();
        assertEquals(503, answer.getStatus());
        assertEquals(new NotReady(503, "Not ready.", List.of("storage")), answer.getEntity());
    }

    @Test
    public void anEmbedderWithoutAModelIsNotAStage() {
        readiness.embedder = service(FaceEmbedder.class, Map.of("modelKeys", List.of()));
        assertEquals(List.of("face-embedding"), readiness.missing());
    }

    @Test
    public void theIndexHasNotCaughtUpUntilTheGalleryServesThePreferredBackend() {
        // A better-ranked backend was bound: the gallery is still filling it and matches with the old one.
        readiness.admin = service(PlatformAdmin.class, Map.of("indexBackend", "io.visage.index.exact.internal.ExactTemplateIndex"));
        assertEquals(List.of("index"), readiness.missing());
        readiness.admin = null;
        assertEquals(List.of("index"), readiness.missing());
    }

    @Test
    public void theIndexHasNotCaughtUpWhileOtherNodesChangesAreNotApplied() {
        readiness.admin = service(PlatformAdmin.class, Map.of("indexBackend", index.getClass().getName(),
                "changesCaughtUp", false));
        assertEquals(List.of("index"), readiness.missing());
    }

    @Test
    public void everyMissingPartIsNamed() {
        ReadinessResource nothing = new ReadinessResource();
        assertEquals(List.of("storage", "image-decoder", "face-detector", "capture-checker", "face-landmarks",
                "face-aligner", "face-embedding", "liveness", "quality", "index"), nothing.missing());
    }
}
