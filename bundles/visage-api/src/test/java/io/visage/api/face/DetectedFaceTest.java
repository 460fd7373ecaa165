package io.visage.api.face;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class DetectedFaceTest {

    private static DetectedFace face(double cx, double cy, double side) {
        return new DetectedFace(new Box(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2), 0.9);
    }

    private static DetectedFace chosen(List<DetectedFace> faces, int w, int h) {
        return DetectedFace.mostRelevant(faces, w, h).orElseThrow();
    }

    @Test
    public void noFaceNoChoice() {
        assertTrue(DetectedFace.mostRelevant(List.of(), 250, 250).isEmpty());
    }

    @Test
    public void theLargestFaceWinsWhenItIsNotAtTheEdge() {
        DetectedFace large = face(150, 120, 100);
        DetectedFace centre = face(125, 125, 90);
        assertEquals(large, chosen(List.of(centre, large), 250, 250));
    }

    @Test
    public void aCentralFaceOfAtLeastHalfTheAreaBeatsALargerEdgeFace() {
        // LFW-like: the labelled person in the middle of 250x250, a larger head cut by the right edge.
        DetectedFace edge = face(230, 110, 110);
        DetectedFace centre = face(125, 125, 80); // 0.53 of the edge face's area
        assertEquals(centre, chosen(List.of(edge, centre), 250, 250));
    }

    @Test
    public void aSmallCentralFaceDoesNotBeatALargeEdgeFace() {
        DetectedFace edge = face(230, 110, 110);
        DetectedFace small = face(125, 125, 70); // 0.40 of the edge face's area
        assertEquals(edge, chosen(List.of(edge, small), 250, 250));
    }

    @Test
    public void betweenEqualAreasTheMoreCentralOne() {
        DetectedFace left = face(90, 125, 60);
        DetectedFace right = face(140, 125, 60);
        assertEquals(right, chosen(List.of(left, right), 250, 250));
    }

    @Test
    public void twoPeopleSideBySideKeepTheLargest() {
        // Landscape group photo: both faces within the central half horizontally.
        DetectedFace a = face(420, 300, 160);
        DetectedFace b = face(700, 320, 150);
        assertEquals(a, chosen(List.of(b, a), 1126, 661));
    }

    @Test
    public void aLargerEdgeFaceStaysWhenNoFaceIsInTheMiddle() {
        // Like facerec__two_people.jpg: the larger face at the right edge, the other left of centre but not in the
        // middle third.
        DetectedFace right = face(865, 150, 180);
        DetectedFace left = face(313, 122, 160);
        assertEquals(right, chosen(List.of(left, right), 1126, 661));
    }
}
