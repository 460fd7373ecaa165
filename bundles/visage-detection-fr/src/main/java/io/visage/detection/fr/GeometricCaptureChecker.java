package io.visage.detection.fr;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.visage.api.face.Box;
import io.visage.api.face.CaptureChecker;
import io.visage.api.face.CaptureState;
import io.visage.api.face.DetectedFace;

/**
 * The seed's capture requirements from the image and face geometry, checked in this order: a face at all,
 * portrait orientation, too close, too far, centred. Sizes are relative to the image so that they do not
 * depend on the camera's resolution. Defaults are calibrated on the labelled portraits (see ACCURACY.md).
 */
@Component(service = CaptureChecker.class, configurationPid = GeometricCaptureChecker.PID)
@Designate(ocd = GeometricCaptureChecker.Config.class)
public final class GeometricCaptureChecker implements CaptureChecker {

    public static final String PID = "io.visage.detection.capture";

    @ObjectClassDefinition(name = "Visage capture checks",
            description = "When a face counts as too close, too far or not centred.")
    public @interface Config {
        @AttributeDefinition(name = "Require portrait", description = "Images wider than high are in the wrong "
                + "orientation. Default true (square images pass).")
        boolean require_portrait() default true;

        @AttributeDefinition(name = "Maximum face width ratio", description = "Face box width / image width above "
                + "this is too close. Default 0.97 (tight 150 px face crops measure up to 0.96).")
        double max_face_width_ratio() default 0.97;

        @AttributeDefinition(name = "Maximum face height ratio", description = "In a portrait frame, face box height "
                + "/ image height at or above this is too close: a face that overflows the frame is clipped by it, so "
                + "its box can never get wider than the frame but fills its height. Square images (face crops, which "
                + "fill their frame by design) are judged by the width ratio alone. Default 0.9 (labelled portraits "
                + "measure up to 0.61; faces re-framed at 105 % of the frame width measure 0.9 to 1.0).")
        double max_face_height_ratio() default 0.9;

        @AttributeDefinition(name = "Maximum face width ratio in portrait frames", description = "In a portrait "
                + "frame, face box width / image width at or above this is too close. A face that overflows the frame "
                + "is seen only in part: its box measures 0.8 to 0.96 of the width. Default 0.75 (labelled portraits "
                + "measure up to 0.59; square images keep max_face_width_ratio alone).")
        double max_portrait_face_width_ratio() default 0.75;

        @AttributeDefinition(name = "Minimum face width ratio", description = "Face box width / image width below "
                + "this is too far. Default 0.15 (the labelled portraits measure 0.18 and more).")
        double min_face_width_ratio() default 0.15;

        @AttributeDefinition(name = "Minimum face pixels", description = "A face box narrower than this many "
                + "pixels is too far whatever the ratio. Default 60.")
        int min_face_pixels() default 60;

        @AttributeDefinition(name = "Maximum horizontal centre offset", description = "Horizontal distance of the "
                + "face centre from the image centre, as a fraction of the image width, above which the face is not "
                + "centred. Default 0.25 (half faces at the image edge measure 0.31 and more).")
        double max_centre_offset_x() default 0.25;

        @AttributeDefinition(name = "Maximum vertical centre offset", description = "Vertical distance of the face "
                + "centre from the image centre, as a fraction of the image height. Default 0.35: portraits "
                + "naturally hold the head in the upper third (labelled portraits measure up to 0.32).")
        double max_centre_offset_y() default 0.35;
    }

    /** Thresholds of the checks. */
    public record Thresholds(boolean requirePortrait, double maxFaceWidthRatio, double maxFaceHeightRatio,
                             double maxPortraitFaceWidthRatio, double minFaceWidthRatio, int minFacePixels,
                             double maxCentreOffsetX, double maxCentreOffsetY) {
        public static final Thresholds DEFAULT = new Thresholds(true, 0.97, 0.9, 0.75, 0.15, 60, 0.25, 0.35);
    }

    private final Thresholds thresholds;

    @Activate
    public GeometricCaptureChecker(Config c) {
        this(new Thresholds(c.require_portrait(), c.max_face_width_ratio(), c.max_face_height_ratio(),
                c.max_portrait_face_width_ratio(), c.min_face_width_ratio(), c.min_face_pixels(), c.max_centre_offset_x(), c.max_centre_offset_y()));
    }

    public GeometricCaptureChecker(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public CaptureState assess(int imageWidth, int imageHeight, DetectedFace face) {
        if (face == null) {
            return CaptureState.NO_FACE;
        }
        if (thresholds.requirePortrait() && imageWidth > imageHeight) {
            return CaptureState.WRONG_ORIENTATION;
        }
        Box box = face.box();
        double widthRatio = box.width() / imageWidth;
        boolean fillsPortraitFrame = imageHeight > imageWidth
                && (box.height() / imageHeight >= thresholds.maxFaceHeightRatio()
                        || widthRatio >= thresholds.maxPortraitFaceWidthRatio());
        if (widthRatio > thresholds.maxFaceWidthRatio() || fillsPortraitFrame) {
            return CaptureState.TOO_CLOSE;
        }
        if (widthRatio < thresholds.minFaceWidthRatio() || box.width() < thresholds.minFacePixels()) {
            return CaptureState.TOO_FAR;
        }
        double dx = Math.abs(box.centre().x() - imageWidth / 2.0) / imageWidth;
        double dy = Math.abs(box.centre().y() - imageHeight / 2.0) / imageHeight;
        if (dx > thresholds.maxCentreOffsetX() || dy > thresholds.maxCentreOffsetY()) {
            return CaptureState.DESCENTRALIZED;
        }
        return CaptureState.ADEQUATE;
    }
}
