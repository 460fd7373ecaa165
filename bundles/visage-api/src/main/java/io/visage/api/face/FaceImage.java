package io.visage.api.face;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A decoded image in native memory, upright (EXIF orientation applied), 8-bit, three colour channels.
 * Opaque on purpose: the implementation lives in the imaging bundle. The owner closes it; closing twice
 * is harmless. Not thread-safe for concurrent close.
 */
@ProviderType
public interface FaceImage extends AutoCloseable {

    int width();

    int height();

    /** Releases the native memory. */
    @Override
    void close();
}
