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

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.visage.api.gallery.GalleryService;
import io.visage.api.tenant.EndpointFamily;
import io.visage.rest.internal.wire.Status;

/**
 * {@code GET /v1/images/{key}}: a saved image, to its owner only (authenticated like every call). Another
 * tenant's key answers exactly like an unknown one.
 */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/images/{key}")
@Tag(name = ApiDocs.TAG_USERS)
@Family(EndpointFamily.GALLERY)
public final class ImagesResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @Operation(summary = "Saved image", description = "A saved image (the image_url of an enrolment or a match), to its "
            + "owner only; another API user's key answers as an unknown one.", responses = {
                @ApiResponse(responseCode = "200", description = "The image as it was sent", content = {
                    @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary"))}),
                @ApiResponse(responseCode = "404", description = "No such image of this API user", content = @Content(
                        mediaType = ApiDocs.JSON, schema = @Schema(implementation = Status.class)))})
    @GET
    public Response image(@io.swagger.v3.oas.annotations.Parameter(description = "The key at the end of image_url") @PathParam("key") String key) {
        return gallery().image(tenant(), key)
                .map(bytes -> Response.ok(bytes, ImageTypes.sniff(bytes)).header("Cache-Control", "private").build())
                .orElseGet(() -> Json.error(404, "Image not found."));
    }
}
