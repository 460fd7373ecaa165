package io.visage.rest.internal;

/**
 * Texts of the API description (/openapi.json) that several resources share: the seed's parameter descriptions
 * and example answers. Constants, because annotations take nothing else.
 */
final class ApiDocs {
    static final String TAG_USERS = "Users";
    static final String TAG_GROUPS = "User groups";
    static final String TAG_MATCHING = "Gallery matching";
    static final String TAG_ID = "ID matching";
    static final String TAG_LIVENESS = "Liveness detection";
    static final String TAG_DETECTION = "Face detection";
    static final String TAG_OPERATORS = "Operators";

    static final String JSON = "application/json";
    static final String MULTIPART = "multipart/form-data";
    static final String URLENCODED = "application/x-www-form-urlencoded";

    static final String OK = "The body's status is also the HTTP status.";
    static final String REFUSED = "Refused: missing or invalid parameter, API user not found / not allowed / without the "
            + "role, or the service is being replaced (\"There was an error. Try again or contact Saffe for support.\").";
    static final String IMAGE_REFUSED = "The image cannot be used: invalid, or the face too close, too far, not "
            + "centred, or the image in the wrong orientation.";
    static final String INVALID_CREDENTIALS = "Invalid credentials.";
    static final String TOO_LARGE = "The request body is over the configured limit (io.visage.rest maxBodyBytes).";
    static final String THROTTLED = "Too many failed authentications; Retry-After says when to try again.";

    static final String EX_MISSING = "{\"status\":400,\"message\":\"Missing required parameter.\"}";
    static final String EX_NOT_FOUND_API_USER = "{\"status\":400,\"message\":\"API user not found.\"}";
    static final String EX_NO_FACE = "{\"status\":400,\"message\":\"Could not detect a face. Try another image.\"}";
    static final String EX_INVALID_CREDENTIALS = "{\"status\":401,\"message\":\"Invalid credentials.\"}";
    static final String EX_TOO_LARGE = "{\"status\":413,\"message\":\"Request body too large.\"}";
    static final String EX_TOO_CLOSE = "{\"status\":415,\"message\":\"The face is too close.\"}";
    static final String EX_WRONG_ORIENTATION = "{\"status\":415,\"message\":\"The image is in wrong orientation. Must be portrait.\"}";
    static final String EX_THROTTLED = "{\"status\":429,\"message\":\"Too many failed authentications. Try again in 42 seconds.\"}";

    static final String USER_REFERENCE_OPTIONAL = "[OPTIONAL] (string) Unique identifier of the user. Will bring all "
            + "registers if omited.";
    static final String USER_REFERENCE_MATCHED = "[OPTIONAL] unique identifier of the matching user informed in the POST request.";
    static final String DATE_GTE = "[OPTIONAL] (integer) UNIX timestamp to filter transactions occurred only after "
            + "(greater than or equal to) such date.";
    static final String DATE_LT = "[OPTIONAL] (integer) UNIX timestamp to filter transactions occurred only before "
            + "(less than) such date.";
    static final String LIMIT = "[OPTIONAL] (integer) maximum number of transactions to retrieve in the request.";
    static final String SAVE_IMAGE = "[OPTIONAL] Indicates if the image is to be saved (true or false) for later "
            + "retrieval. Default is true.";
    static final String RETURN_TEMPLATE = "[OPTIONAL] Indicates whether to teturn an encrypted version of the biometric "
            + "template for later re-use. Default is false.";
    static final String GROUP_NAME = "Name of the group.";

    private ApiDocs() {
    }
}
