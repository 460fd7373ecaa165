/**
 * The face pipeline's stages as services: decoding, detection, capture checks, landmarks and alignment,
 * embedding and liveness, with immutable value types. Native images are opaque {@link io.visage.api.face.FaceImage}s.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package io.visage.api.face;
