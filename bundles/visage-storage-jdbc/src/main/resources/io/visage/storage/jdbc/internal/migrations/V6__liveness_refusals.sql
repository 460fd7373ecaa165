-- Liveness requests refused by a capture check are stored too: refusal names the pipeline's error
-- (io.visage.api.face.FaceError, e.g. FACE_TOO_CLOSE or NO_FACE); NULL for a judged detection, whose
-- status, message, score and threshold are the liveness outcome. Existing rows are all judged ones.
ALTER TABLE liveness_detections ADD COLUMN refusal VARCHAR(32);
