package io.visage.evaluation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;

public class FaceRuleTest {

    // A 250x250 LFW-like image: the labelled face in the centre, a larger face cut by the right edge.
    private final DetectedFace central = new DetectedFace(new Box(85, 85, 165, 165), 0.99);
    private final DetectedFace edge = new DetectedFace(new Box(160, 60, 250, 220), 0.95);

    @Test
    public void largestTakesTheEdgeFaceCentralTheLabelledOne() {
        List<DetectedFace> faces = List.of(central, edge);

        assertEquals(edge, FaceRule.LARGEST.choose(faces, 250, 250).orElseThrow());
        assertEquals(central, FaceRule.CENTRAL.choose(faces, 250, 250).orElseThrow());
    }

    @Test
    public void platformTakesTheCentralFaceWhenItHasHalfTheEdgeFacesArea() {
        DetectedFace halfSize = new DetectedFace(new Box(80, 80, 170, 175), 0.99); // 8,550 px² vs 14,400
        assertEquals(halfSize, FaceRule.PLATFORM.choose(List.of(edge, halfSize), 250, 250).orElseThrow());
        assertEquals(edge, FaceRule.PLATFORM.choose(List.of(edge, central), 250, 250).orElseThrow());
    }

    @Test
    public void noFaceIsNoChoice() {
        assertTrue(FaceRule.CENTRAL.choose(List.of(), 250, 250).isEmpty());
        assertTrue(FaceRule.LARGEST.choose(List.of(), 250, 250).isEmpty());
    }
}
