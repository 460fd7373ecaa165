package io.visage.rest.internal;

/** A service a request needs is not registered right now (it is being replaced, or has not started yet). */
final class ServiceMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServiceMissingException(Class<?> service) {
        super(service.getSimpleName() + " is not available");
    }
}
