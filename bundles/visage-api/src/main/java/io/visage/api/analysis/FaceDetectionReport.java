package io.visage.api.analysis;

import java.util.Map;
import java.util.Optional;

import io.visage.api.face.Box;
import io.visage.api.face.CaptureState;

/**
 * What {@code POST /v0/face_detections} reports about the most relevant face.
 *
 * @param face            the most relevant face's box in upright image pixels; empty when there is none
 * @param qualityMeasures ISO/IEC 29794-5 measures by name, when requested and a face was found
 */
public record FaceDetectionReport(CaptureState captureState, Optional<Box> face,
        Optional<Map<String, Double>> qualityMeasures) {
}
