/**
 * 1:N and 1:1 search over biometric templates, per tenant.
 *
 * <p>A {@link io.visage.api.index.TemplateIndex} holds L2-normalised embedding vectors keyed by tenant,
 * user reference and template id; similarity is the dot product (cosine on unit vectors). Searches rank
 * users, not images: a user's score is the best over its templates. Templates of different embedding
 * models (the {@code modelKey}, {@code "name:version"}) are never compared. The index is derived state:
 * its consumer rebuilds it from storage when a backend appears and keeps it in step with every write.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.visage.api.index;
