package io.visage.api.face;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decodes an uploaded image by its content (not its name), applies the EXIF orientation and enforces the
 * byte and pixel limits before decoding fully.
 */
@ProviderType
public interface ImageDecoder {

    /**
     * @throws FaceException {@link FaceError#IMAGE_WRONG_FORMAT} for empty input,
     *                       {@link FaceError#IMAGE_INVALID} for an unsupported format or a size over the limits,
     *                       {@link FaceError#IMAGE_CORRUPTED} when a supported format does not decode
     */
    FaceImage decode(byte[] encoded);
}
