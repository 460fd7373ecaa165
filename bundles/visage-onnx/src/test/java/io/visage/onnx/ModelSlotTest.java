package io.visage.onnx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.visage.api.model.ModelService;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

public class ModelSlotTest {

    private final OrtSessionFactory sessions = new OrtSessionFactory(1, 1);

    @Test
    public void runsTheEmbeddedDetectorModel() throws Exception {
        ModelSession session = sessions.open(ClassPathModels.get("fr_detect"));
        try (ModelSession.Lease lease = session.tryAcquire();
             OnnxTensor input = OnnxTensor.createTensor(lease.environment(), new float[1][3][240][320]);
             OrtSession.Result result = lease.session().run(Map.of("input", input))) {
            float[][][] scores = (float[][][]) result.get("scores").orElseThrow().getValue();
            assertEquals(4420, scores[0].length);
        } finally {
            session.retire();
        }
        assertTrue(session.isClosed());
    }

    @Test
    public void aSwapKeepsTheLeasedSessionOpenUntilItIsReturned() throws Exception {
        ModelSlot slot = new ModelSlot(sessions);
        ModelService first = ClassPathModels.get("fr_detect");
        ModelService second = ClassPathModels.get("fr_detect");
        slot.bind(first);
        ModelSession.Lease inFlight = slot.acquire().orElseThrow();

        slot.bind(second);
        slot.unbind(first);

        try (ModelSession.Lease next = slot.acquire().orElseThrow()) {
            assertNotSame(inFlight.session(), next.session());
        }
        assertFalse("a request in flight keeps its session", inFlight.session().getInputNames().isEmpty());
        inFlight.close();

        slot.unbind(second);
        assertTrue(slot.acquire().isEmpty());
    }
}
