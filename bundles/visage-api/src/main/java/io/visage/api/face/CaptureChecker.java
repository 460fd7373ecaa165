package io.visage.api.face;

import org.osgi.annotation.versioning.ProviderType;

/** Judges how a face is captured: orientation of the image, face size and centring. */
@ProviderType
public interface CaptureChecker {

    /**
     * @param imageWidth  width of the upright image
     * @param imageHeight height of the upright image
     * @param face        the most relevant face, or {@code null} when none was found
     */
    CaptureState assess(int imageWidth, int imageHeight, DetectedFace face);
}
