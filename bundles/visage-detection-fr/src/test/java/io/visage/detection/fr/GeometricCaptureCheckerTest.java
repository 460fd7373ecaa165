package io.visage.detection.fr;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;
import io.visage.api.face.FaceError;
import io.visage.api.face.DetectedFace;

public class GeometricCaptureCheckerTest {

    private final GeometricCaptureChecker checker =
            new GeometricCaptureChecker(GeometricCaptureChecker.Thresholds.DEFAULT);

    @Test
    public void judgesTheGeometryInTheSeedsOrder() {
        assertEquals(CaptureState.NO_FACE, checker.assess(480, 640, null));
        assertEquals(CaptureState.WRONG_ORIENTATION, checker.assess(640, 480, face(270, 190, 370, 290)));
        assertEquals(CaptureState.ADEQUATE, checker.assess(480, 640, face(160, 200, 320, 380)));
        assertEquals("square images pass", CaptureState.ADEQUATE, checker.assess(150, 150, face(10, 5, 140, 140)));
        assertEquals(CaptureState.TOO_CLOSE, checker.assess(480, 640, face(0, 100, 480, 620)));
        assertEquals("a face overflowing the frame is clipped to it: its box fills the height, not the width",
                CaptureState.TOO_CLOSE, checker.assess(480, 640, face(60, 0, 420, 640)));
        assertEquals(CaptureState.TOO_CLOSE, checker.assess(480, 640, face(70, 30, 410, 610)));
        assertEquals("just below the height ratio", CaptureState.ADEQUATE, checker.assess(480, 640, face(70, 40, 410, 610)));
        assertEquals("part of a face wider than the frame: 0.75 of its width", CaptureState.TOO_CLOSE,
                checker.assess(480, 640, face(60, 100, 420, 500)));
        assertEquals("just below the portrait width ratio", CaptureState.ADEQUATE,
                checker.assess(480, 640, face(61, 100, 420, 500)));
        assertEquals("the portrait width rule is for portrait frames", CaptureState.ADEQUATE,
                checker.assess(150, 150, face(5, 10, 145, 140)));
        assertEquals("square face crops fill their frame by design", CaptureState.ADEQUATE,
                checker.assess(150, 150, face(12, 0, 137, 150)));
        assertEquals(CaptureState.TOO_FAR, checker.assess(480, 640, face(220, 300, 260, 350)));
        assertEquals(CaptureState.DESCENTRALIZED, checker.assess(480, 640, face(0, 250, 120, 400)));
        assertEquals("head in the upper third is normal", CaptureState.ADEQUATE,
                checker.assess(480, 640, face(170, 60, 310, 240)));
        assertEquals(CaptureState.DESCENTRALIZED, checker.assess(480, 640, face(170, 0, 310, 80)));
    }

    @Test
    public void statesCarryTheSeedsCodesAndTheirPipelineErrors() {
        assertEquals("descentralized", CaptureState.DESCENTRALIZED.code());
        assertEquals(FaceError.FACE_NOT_CENTRED, CaptureState.DESCENTRALIZED.error());
        assertEquals(FaceError.FACE_TOO_CLOSE, CaptureState.TOO_CLOSE.error());
        assertEquals(FaceError.FACE_TOO_FAR, CaptureState.TOO_FAR.error());
        assertEquals(FaceError.WRONG_ORIENTATION, CaptureState.WRONG_ORIENTATION.error());
        assertEquals(FaceError.NO_FACE, CaptureState.NO_FACE.error());
    }

    private static DetectedFace face(double x1, double y1, double x2, double y2) {
        return new DetectedFace(new Box(x1, y1, x2, y2), 0.99);
    }
}
