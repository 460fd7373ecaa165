package io.visage.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.visage.api.gallery.GalleryService;
import io.visage.api.tenant.EndpointFamily;

/**
 * {@code GET /v1/images/{key}}: a saved image, to its owner only (authenticated like every call). Another
 * tenant's key answers exactly like an unknown one.
 */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/images/{key}")
@Family(EndpointFamily.GALLERY)
public final class ImagesResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @GET
    public Response image(@PathParam("key") String key) {
        return gallery().image(tenant(), key)
                .map(bytes -> Response.ok(bytes, ImageTypes.sniff(bytes)).header("Cache-Control", "private").build())
                .orElseGet(() -> Json.error(404, "Image not found."));
    }
}
