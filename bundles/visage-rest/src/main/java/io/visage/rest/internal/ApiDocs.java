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

    static final String OK = "The body's status is also the HTTP status.";
    static final String REFUSED = "Refused: missing or invalid parameter, API user not found / not allowed / without the "
            + "role, or the service is being replaced (\"There was an error. Try again or contact Saffe for support.\").";
    static final String IMAGE_REFUSED = "The image cannot be used: invalid, or the face too close, too far, not "
            + "centred, or the image in the wrong orientation.";
    static final String INVALID_CREDENTIALS = "Invalid credentials.";
    static final String TOO_LARGE = "The request body is over the configured limit (io.visage.rest maxBodyBytes).";
    static final String THROTTLED = "Too many failed authentications; Retry-After says when to try again.";

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
