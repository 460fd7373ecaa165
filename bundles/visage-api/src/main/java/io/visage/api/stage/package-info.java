/**
 * What a pipeline stage tells tools about itself: the kinds of model it runs and where their versions are
 * pinned. Kept apart from io.visage.api.model so that model bundles (providers of that package) are not
 * affected by changes here.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.api.stage;
