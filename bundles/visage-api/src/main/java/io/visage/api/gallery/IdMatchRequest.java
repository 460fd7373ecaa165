package io.visage.api.gallery;

/** {@code POST /v1/id_matches}: a selfie ({@code matchImage}) against the portrait on an ID document. */
public record IdMatchRequest(byte[] matchImage, byte[] idImage, boolean liveness, boolean saveImage) {
}
