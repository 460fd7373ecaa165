package io.visage.api.gallery;

/**
 * {@code POST|PUT /v1/users}.
 *
 * @param userReference  case-sensitive reference of the gallery user
 * @param liveness       enforce capture checks and passive liveness (seed default true)
 * @param saveImage      keep the image for later retrieval and re-embedding (seed default true)
 * @param returnTemplate return the template encrypted under the tenant's secret (seed default false)
 */
public record EnrolmentRequest(String userReference, byte[] image, boolean liveness, boolean saveImage,
        boolean returnTemplate) {
}
