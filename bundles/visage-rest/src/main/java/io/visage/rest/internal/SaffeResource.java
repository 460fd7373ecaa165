package io.visage.rest.internal;

/**
 * A root resource of the Saffe API. Each is its own DS component holding only the services it uses, and
 * {@link RestServer} publishes them all on one CXF endpoint that never depends on a use-case service, so a
 * service being replaced takes away nothing but the resources that use it, and those answer the seed's
 * JSON "try again" error meanwhile.
 */
interface SaffeResource {
    /** How many resources the API has: the server publishes once all of them are registered. */
    int COUNT = 9;
}
