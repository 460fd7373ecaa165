package io.visage.api;

/**
 * Why a use case refuses a request, in the domain's terms. The REST layer alone decides how each is worded
 * and which status the client gets; the details of a {@link RequestRefusedException} fill in its wording.
 */
public enum Refusal {
    /** A required input (credentials, a reference, a group name) is absent or blank. */
    MISSING_PARAMETER,
    /** details: parameter name, maximum length. */
    PARAMETER_TOO_LONG,
    /** A name begins or ends with a blank or holds a control character. details: parameter name. */
    PARAMETER_MALFORMED,
    /** details: the largest ranking allowed. */
    TOP_N_OUT_OF_RANGE,
    /** The history type filter is not one of the kinds of change that are logged. */
    UNKNOWN_HISTORY_TYPE,
    API_USER_UNKNOWN,
    API_USER_DISABLED,
    /** The API user's key is wrong. */
    INVALID_CREDENTIALS,
    /**
     * Too many failed authentications for the API user or from the client address; nothing was checked.
     * details: seconds until the client may try again.
     */
    AUTHENTICATION_THROTTLED,
    /** The API user's roles do not include the endpoint family. */
    ROLE_NOT_GRANTED,
    /** details: user reference. */
    USER_EXISTS,
    /** details: user reference. */
    USER_UNKNOWN,
    /** A 1:1 match names a user the tenant does not have. */
    MATCHED_USER_UNKNOWN,
    /** The tenant (or the group a request names) has no template to match against. */
    GALLERY_EMPTY,
    /** A match or history request names a user, group or transaction the tenant does not have. */
    GALLERY_UNKNOWN,
    /** details: group name. */
    GROUP_EXISTS,
    /** details: group name. */
    GROUP_UNKNOWN,
    /** The user is not a member of the group. */
    MEMBERSHIP_UNKNOWN,
    /** details: the measure, its value, "below" or "exceeds", the configured limit. */
    QUALITY_TOO_LOW,
}
