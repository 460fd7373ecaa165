package io.visage.api.face;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Warps a face to the crop an embedding model was trained on. Each aligner names the crop it makes in its
 * {@value #CROP} service property; each embedding model names the crop it needs in its model service's
 * {@value #MODEL_CROP} property, and the pipeline pairs them.
 */
@ProviderType
public interface FaceAligner {
    /** Service property: the crop this aligner makes, for example {@value #CROP_ARCFACE_112}. */
    String CROP = "visage.crop";
    /** Property of an embedding model's service: the crop its input needs (absent: {@value #CROP_ARCFACE_112}). */
    String MODEL_CROP = "visage.model.crop";
    /** A least-squares similarity transform of the five points onto the ArcFace 112x112 reference. */
    String CROP_ARCFACE_112 = "arcface112";
    /** dlib's face chip: 150x150 around the eyes and mouth, no rotation. */
    String CROP_DLIB_150 = "dlib150";

    /** @return a new image of this aligner's crop, which the caller closes */
    FaceImage align(FaceImage image, FaceLandmarks landmarks);
}
