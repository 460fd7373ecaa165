package io.visage.rest.internal;

/**
 * A root resource for operators rather than partners: health, readiness and metrics at the server root. Load
 * balancers and Prometheus carry no tenant credentials, so {@link AuthenticationFilter} lets exactly these
 * through and each guards itself (metrics by its access setting). Published on the same endpoint as the
 * {@link SaffeResource}s, once all {@link #COUNT} are registered.
 */
interface OperatorResource {
    int COUNT = 3;
}
