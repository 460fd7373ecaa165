/**
 * OpenCV helpers shared by the pipeline bundles: the {@link io.visage.api.face.FaceImage} implementation
 * ({@link io.visage.imaging.MatImage}), reading any image's OpenCV view ({@link io.visage.imaging.Images}),
 * native loading, padded crops and tensor conversion.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package io.visage.imaging;
