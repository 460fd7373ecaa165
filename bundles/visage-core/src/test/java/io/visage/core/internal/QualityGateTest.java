package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

import java.util.List;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;

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
        RequestRefusedException blurred = assertThrows(RequestRefusedException.class,
                () -> QualityGate.check(gate, Map.of("sharpness", 0.31, "head_pose_yaw", 0.0)));
        assertEquals(Refusal.QUALITY_TOO_LOW, blurred.refusal());
        assertEquals(List.of("sharpness", 0.31, "below", 0.5), blurred.details());
        RequestRefusedException turned = assertThrows(RequestRefusedException.class,
                () -> QualityGate.check(gate, Map.of("sharpness", 0.9, "head_pose_yaw", -41.5)));
        assertEquals(List.of("head_pose_yaw", -41.5, "exceeds", 30.0), turned.details());
    }
}
