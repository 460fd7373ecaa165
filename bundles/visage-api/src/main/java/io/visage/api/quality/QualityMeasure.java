package io.visage.api.quality;

/**
 * The 22 quality measures of the seed API, in the alphabetical order of their {@link #key() keys}. Head pose is
 * in degrees, the inter-eye distance in pixels, everything else in 0..1 where higher is better.
 */
public enum QualityMeasure {
    BACKGROUND_UNIFORMITY("background_uniformity", 2),
    DYNAMIC_RANGE("dynamic_range", 2),
    EXPRESSION_NEUTRALITY("expression_neutrality", 2),
    EYES_OPEN("eyes_open", 2),
    EYES_VISIBLE("eyes_visible", 2),
    FACE_OCCLUSION_PREVENTION("face_occlusion_prevention", 2),
    HEAD_POSE_PITCH("head_pose_pitch", 4),
    HEAD_POSE_ROLL("head_pose_roll", 4),
    HEAD_POSE_YAW("head_pose_yaw", 4),
    HEAD_SIZE("head_size", 4),
    ILLUMINATION_UNIFORMITY("illumination_uniformity", 2),
    INTER_EYE_DISTANCE("inter_eye_distance", 4),
    LUMINANCE_MEAN("luminance_mean", 4),
    LUMINANCE_VARIANCE("luminance_variance", 4),
    MOUTH_CLOSED("mouth_closed", 2),
    MOUTH_OCCLUSION_PREVENTION("mouth_occlusion_prevention", 2),
    NATURAL_COLOUR("natural_colour", 2),
    NO_HEAD_COVERINGS("no_head_coverings", 2),
    OVER_EXPOSURE_PREVENTION("over_exposure_prevention", 2),
    SHARPNESS("sharpness", 2),
    SINGLE_FACE_PRESENT("single_face_present", 2),
    UNDER_EXPOSURE_PREVENTION("under_exposure_prevention", 2);

    private final String key;
    private final int decimals;

    QualityMeasure(String key, int decimals) {
        this.key = key;
        this.decimals = decimals;
    }

    /** The name in the seed's JSON, for example {@code head_pose_yaw}. */
    public String key() {
        return key;
    }

    /** Decimal places the seed rounds this measure to. */
    public int decimals() {
        return decimals;
    }

    /** {@code value} rounded half-up to {@link #decimals()} places. */
    public double round(double value) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
