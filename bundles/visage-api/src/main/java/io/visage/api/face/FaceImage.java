package io.visage.api.face;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A decoded image in native memory, upright (EXIF orientation applied), 8-bit, three colour channels.
 * The implementation lives in the imaging bundle; stages read its pixels through a named {@link #view view},
 * never by casting to that implementation. The owner closes it; closing twice is harmless. Not thread-safe
 * for concurrent close.
 */
@ProviderType
public interface FaceImage extends AutoCloseable {

    int width();

    int height();

    /**
     * This image as {@code type}, without copying, when the implementation offers that view; empty otherwise.
     * The platform's images (visage-imaging's decoder and aligners) offer {@value #OPENCV_MAT}: 8-bit BGR (or
     * single-channel gray for a gray crop), owned by this image and valid until it is closed, so the caller
     * neither releases nor keeps it.
     *
     * @throws IllegalStateException when the image is already closed
     */
    <T> Optional<T> view(Class<T> type);

    /** The class name of the view every platform image offers, OpenCV's {@code Mat}. */
    String OPENCV_MAT = "org.opencv.core.Mat";

    /** Releases the native memory. */
    @Override
    void close();
}
