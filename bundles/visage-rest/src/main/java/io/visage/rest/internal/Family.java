package io.visage.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.visage.api.tenant.EndpointFamily;

/** The endpoint family a resource belongs to; an API user's roles must include it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Family {
    EndpointFamily value();
}
