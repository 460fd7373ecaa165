package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

import io.visage.api.ApiException;

public class QualityGateTest {

    @Test
    public void emptyMeansNoGate() {
        assertTrue(QualityGate.parse("").isEmpty());
        assertTrue(QualityGate.parse(null).isEmpty());
        QualityGate.check(Map.of(), Map.of("sharpness", 0.0));
    }

    @Test
    public void unknownMeasuresAndMalformedPairsAreConfigurationErrors() {
        assertThrows(IllegalArgumentException.class, () -> QualityGate.parse("sharpnes=0.5"));
        assertThrows(IllegalArgumentException.class, () -> QualityGate.parse("sharpness"));
    }

    @Test
    public void minimumsRefuseLowValuesAndPoseLimitsRefuseLargeAngles() {
        Map<String, Double> gate = QualityGate.parse("sharpness=0.5, head_pose_yaw=30");
        QualityGate.check(gate, Map.of("sharpness", 0.5, "head_pose_yaw", -30.0));
        ApiException blurred = assertThrows(ApiException.class,
                () -> QualityGate.check(gate, Map.of("sharpness", 0.31, "head_pose_yaw", 0.0)));
        assertEquals(400, blurred.status());
        assertEquals("Face image quality too low: sharpness 0.31 below 0.50.", blurred.getMessage());
        ApiException turned = assertThrows(ApiException.class,
                () -> QualityGate.check(gate, Map.of("sharpness", 0.9, "head_pose_yaw", -41.5)));
        assertEquals("Face image quality too low: head_pose_yaw -41.50 exceeds 30.00.", turned.getMessage());
    }
}
