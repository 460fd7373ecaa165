/**
 * The face pipeline's stages as services: decoding, detection, capture checks, landmarks and alignment,
 * embedding and liveness, with immutable value types. Native images are {@link io.visage.api.face.FaceImage}s,
 * whose pixels stages read through {@link io.visage.api.face.FaceImage#view}.
 */
@org.osgi.annotation.versioning.Version("2.2.0")
package io.visage.api.face;
