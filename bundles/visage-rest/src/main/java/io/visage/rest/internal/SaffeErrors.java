package io.visage.rest.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.visage.api.Refusal;
import io.visage.api.face.FaceError;

/**
 * The one table from the domain's refusals and pipeline errors to the seed's status and message. Nothing
 * below the REST layer knows either; a new {@link Refusal} or {@link FaceError} without a row here fails the
 * unit test that walks every constant.
 */
final class SaffeErrors {
    /** A status and a message template whose {@code %s} are filled with the refusal's details, in order. */
    record Wording(int status, String template) {
        String message(List<Object> details) {
            return details.isEmpty() ? template : String.format(Locale.ROOT, template, details.toArray());
        }
    }

    static final String TRY_AGAIN = "There was an error. Try again or contact Saffe for support.";

    private static final Map<Refusal, Wording> REFUSALS = new EnumMap<>(Refusal.class);
    private static final Map<FaceError, Wording> FACE_ERRORS = new EnumMap<>(FaceError.class);

    static {
        refusal(Refusal.MISSING_PARAMETER, 400, "Missing required parameter.");
        refusal(Refusal.PARAMETER_TOO_LONG, 400, "Parameter %s must be at most %s characters.");
        refusal(Refusal.PARAMETER_MALFORMED, 400,
                "Parameter %s must not begin or end with a blank or contain control characters.");
        refusal(Refusal.TOP_N_OUT_OF_RANGE, 400, "Parameter top_n must be between 1 and %s.");
        refusal(Refusal.UNKNOWN_HISTORY_TYPE, 400, "Parameter type must be one of create, update, delete.");
        refusal(Refusal.API_USER_UNKNOWN, 400, "API user not found.");
        refusal(Refusal.API_USER_DISABLED, 400, "API user not allowed.");
        refusal(Refusal.INVALID_CREDENTIALS, 401, "Invalid credentials.");
        refusal(Refusal.ROLE_NOT_GRANTED, 400, "API user role not allowed.");
        refusal(Refusal.AUTHENTICATION_THROTTLED, 429, "Too many failed authentications. Try again in %s seconds.");
        refusal(Refusal.USER_EXISTS, 400, "User %s already exists.");
        refusal(Refusal.USER_UNKNOWN, 400, "User %s not found.");
        refusal(Refusal.MATCHED_USER_UNKNOWN, 400, "User not found.");
        refusal(Refusal.GALLERY_EMPTY, 400, "The gallery is empty.");
        refusal(Refusal.GALLERY_UNKNOWN, 400, "Gallery for given request not found.");
        refusal(Refusal.GROUP_EXISTS, 400, "Group %s already exist.");
        refusal(Refusal.GROUP_UNKNOWN, 400, "Group %s does not exist.");
        refusal(Refusal.MEMBERSHIP_UNKNOWN, 400, "Association does not exist.");
        refusal(Refusal.QUALITY_TOO_LOW, 400, "Face image quality too low: %s %.2f %s %.2f.");

        face(FaceError.IMAGE_WRONG_FORMAT, 400, "Image parameter in wrong format.");
        face(FaceError.IMAGE_CORRUPTED, 400, "Image is probably corrupted.");
        face(FaceError.IMAGE_INVALID, 415, "Invalid image.");
        face(FaceError.NO_FACE, 400, "Could not detect a face. Try another image.");
        face(FaceError.FACE_TOO_CLOSE, 415, "The face is too close.");
        face(FaceError.FACE_TOO_FAR, 415, "The face is too far.");
        face(FaceError.FACE_NOT_CENTRED, 415, "The face is not enough centralized.");
        face(FaceError.WRONG_ORIENTATION, 415, "The image is in wrong orientation. Must be portrait.");
        // A stage being replaced: the seed's general "try again", never a 5xx.
        face(FaceError.STAGE_UNAVAILABLE, 400, TRY_AGAIN);
    }

    private SaffeErrors() {
    }

    private static void refusal(Refusal refusal, int status, String template) {
        REFUSALS.put(refusal, new Wording(status, template));
    }

    private static void face(FaceError error, int status, String message) {
        FACE_ERRORS.put(error, new Wording(status, message));
    }

    static Wording of(Refusal refusal) {
        return REFUSALS.get(refusal);
    }

    static Wording of(FaceError error) {
        return FACE_ERRORS.get(error);
    }
}
