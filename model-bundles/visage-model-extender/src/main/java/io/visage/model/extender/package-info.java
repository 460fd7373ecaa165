/**
 * Model bundles as data: the {@value io.visage.model.extender.ModelHeader#NAME} manifest header that describes the
 * models a bundle carries ({@link io.visage.model.extender.ModelHeader}), the model service made of one entry
 * ({@link io.visage.model.extender.ResourceModel}), and the same models read from jars on a plain class path, for
 * tools and tests ({@link io.visage.model.extender.ClassPathModels}). In OSGi the extender registers them.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.model.extender;
