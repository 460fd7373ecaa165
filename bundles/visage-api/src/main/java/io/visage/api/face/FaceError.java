package io.visage.api.face;

/** Why the face pipeline cannot process a request's image; the REST layer words each one for the client. */
public enum FaceError {
    /** The upload is not an image file at all. */
    IMAGE_WRONG_FORMAT,
    /** The file looks like an image but cannot be decoded. */
    IMAGE_CORRUPTED,
    /** Decodable, but not acceptable (too large, an unsupported kind). */
    IMAGE_INVALID,
    NO_FACE,
    FACE_TOO_CLOSE,
    FACE_TOO_FAR,
    FACE_NOT_CENTRED,
    WRONG_ORIENTATION,
    /** No implementation or model of a required stage is available right now (for example during a swap). */
    STAGE_UNAVAILABLE;
}
