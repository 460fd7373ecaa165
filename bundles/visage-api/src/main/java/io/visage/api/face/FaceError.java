package io.visage.api.face;

/** The errors of the face pipeline with the HTTP status and the message the seed API answers with. */
public enum FaceError {
    IMAGE_WRONG_FORMAT(400, "Image parameter in wrong format."),
    IMAGE_CORRUPTED(400, "Image is probably corrupted."),
    IMAGE_INVALID(415, "Invalid image."),
    NO_FACE(400, "Could not detect a face. Try another image."),
    FACE_TOO_CLOSE(415, "The face is too close."),
    FACE_TOO_FAR(415, "The face is too far."),
    FACE_NOT_CENTRED(415, "The face is not enough centralized."),
    WRONG_ORIENTATION(415, "The image is in wrong orientation. Must be portrait."),
    /** No implementation or model of a required stage is available right now (for example during a swap). */
    STAGE_UNAVAILABLE(503, "The service is temporarily unavailable.");

    private final int status;
    private final String message;

    FaceError(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }
}
