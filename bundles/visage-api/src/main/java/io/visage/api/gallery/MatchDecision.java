package io.visage.api.gallery;

/** What a 1:1, 1:N or ID match decided. */
public enum MatchDecision {
    /** The best score reached the decision threshold. */
    MATCH,
    /** The best score stayed below the decision threshold. */
    NO_MATCH,
    /** The probe failed the liveness check: no decision on identity is given. */
    SPOOF
}
