package io.visage.api.face;

/** Whether a face is captured well enough for liveness, with the seed's {@code capture_state} codes. */
public enum CaptureState {
    ADEQUATE("adequate", null),
    TOO_FAR("too_far", FaceError.FACE_TOO_FAR),
    TOO_CLOSE("too_close", FaceError.FACE_TOO_CLOSE),
    DESCENTRALIZED("descentralized", FaceError.FACE_NOT_CENTRED),
    WRONG_ORIENTATION("wrong_orientation", FaceError.WRONG_ORIENTATION),
    NO_FACE("no_face", FaceError.NO_FACE);

    private final String code;
    private final FaceError error;

    CaptureState(String code, FaceError error) {
        this.code = code;
        this.error = error;
    }

    /** The seed's JSON value. */
    public String code() {
        return code;
    }

    /** The error to answer with when the state is enforced; {@code null} for {@link #ADEQUATE}. */
    public FaceError error() {
        return error;
    }

    public boolean adequate() {
        return this == ADEQUATE;
    }
}
