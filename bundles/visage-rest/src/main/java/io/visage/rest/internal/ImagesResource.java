package io.visage.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Response;

import io.visage.api.gallery.GalleryService;
import io.visage.api.tenant.EndpointFamily;

/**
 * {@code GET /v1/images/{key}}: a saved image, to its owner only (authenticated like every call). Another
 * tenant's key answers exactly like an unknown one.
 */
@Path("{version: v[012]}/images/{key}")
@Family(EndpointFamily.GALLERY)
public class ImagesResource extends Resource {
    private final GalleryService gallery;

    ImagesResource(GalleryService gallery) {
        this.gallery = gallery;
    }

    @GET
    public Response image(@PathParam("key") String key) {
        return gallery.image(tenant(), key)
                .map(bytes -> Response.ok(bytes, ImageTypes.sniff(bytes)).header("Cache-Control", "private").build())
                .orElseGet(() -> Json.error(404, "Image not found."));
    }
}
