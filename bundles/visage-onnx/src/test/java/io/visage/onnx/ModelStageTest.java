package io.visage.onnx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.model.ModelService;
import io.visage.api.stage.ModelPin;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

public class ModelStageTest {

    /** The smallest stage: all of its model binding is the shared one. */
    static final class Probe extends ModelStage {
        Probe(OnnxSessions sessions) {
            super(sessions, ModelService.KIND_FACE_DETECTOR, "io.visage.test.probe", "probe");
        }

        ModelSession.Lease use() {
            return lease();
        }
    }

    private final Probe stage = new Probe(new OrtSessionFactory(1, 1));

    @Test
    public void withoutAModelTheStageIsUnavailableByName() {
        FaceException e = assertThrows(FaceException.class, stage::use);
        assertEquals(FaceError.STAGE_UNAVAILABLE, e.error());
        assertTrue(e.getMessage(), e.getMessage().endsWith("no probe model"));
    }

    @Test
    public void aNewModelTakesOverWhileTheRequestInFlightKeepsItsSession() throws Exception {
        ModelService first = ClassPathModels.get("fr_detect");
        ModelService second = ClassPathModels.get("fr_detect");
        stage.bindModel(first);
        ModelSession.Lease inFlight = stage.use();

        stage.bindModel(second); // greedy: the better-ranked model is bound before the other is unbound
        stage.unbindModel(first);
        try (ModelSession.Lease next = stage.use()) {
            assertNotSame(inFlight.session(), next.session());
        }
        assertTrue("the request in flight still runs", !inFlight.session().getInputNames().isEmpty());
        inFlight.close();

        stage.deactivate();
        assertThrows(FaceException.class, stage::use);
    }

    @Test
    public void theStagePinsItsModelInItsOwnConfiguration() {
        assertEquals(List.of(new ModelPin(ModelService.KIND_FACE_DETECTOR, "io.visage.test.probe", "model.target")),
                stage.pins());
        assertEquals("model.target", ModelStage.MODEL_TARGET);
    }
}
