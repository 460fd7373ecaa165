/**
 * Model services: a model bundle registers one {@link io.visage.api.model.ModelService} per embedded model
 * artifact, with its {@link io.visage.api.model.ModelDescriptor} as metadata and as service properties.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.api.model;
