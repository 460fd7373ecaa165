/**
 * OpenCV helpers shared by the pipeline bundles: the {@link io.visage.api.face.FaceImage} implementation
 * ({@link io.visage.imaging.MatImage}), native loading, padded crops and tensor conversion.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.imaging;
