package io.visage.quality;

import java.util.Map;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import io.visage.api.quality.QualityMeasure;

/** The measures read from the pixels of a {@link FaceRegions} crop (QUALITY.md has the table). */
final class ImageMeasures {

    /** OFIQ's exposure bins: luma 0..25 is under-, 247..255 over-exposed. */
    static final int UNDER_EXPOSED_MAX = 25;
    static final int OVER_EXPOSED_MIN = 247;
    /** Bins of the half-face histograms compared for illumination uniformity. */
    static final int UNIFORMITY_BINS = 32;
    /** Skin in YCrCb (Chai and Ngan): Cr 133..173, Cb 77..127. */
    private static final Scalar SKIN_LOW = new Scalar(0, 133, 77);
    private static final Scalar SKIN_HIGH = new Scalar(255, 173, 127);
    /** Below this mean chroma distance from neutral the crop counts as monochrome: skin cannot be told. */
    static final double MONOCHROME_CHROMA = 4;
    /** Natural skin in CIELAB (a*, b*), after OFIQ's natural colour measure. */
    static final double A_LOW = 5;
    static final double A_HIGH = 25;
    static final double B_LOW = 5;
    static final double B_HIGH = 35;
    static final double COLOUR_TOLERANCE = 10;
    /** Standard deviation of the eye regions' luma (0..255) from which the eyes count as fully visible. */
    static final double EYE_CONTRAST = 12;
    /** Forehead luma (0..255) under which a non-skin pixel counts as hair rather than a covering. */
    static final double HAIR_LUMA = 90;

    private ImageMeasures() {
    }

    static void measure(FaceRegions r, IsoQualityAssessor.Settings s, Map<QualityMeasure, Double> m) {
        double[] hist = histogram(r.gray, r.face, 256);
        double n = sum(hist);
        double mean = 0;
        for (int i = 0; i < 256; i++) {
            mean += i * hist[i];
        }
        mean = n > 0 ? mean / n : 0;
        double variance = 0;
        double entropy = 0;
        double under = 0;
        double over = 0;
        for (int i = 0; i < 256; i++) {
            variance += hist[i] * (i - mean) * (i - mean);
            if (hist[i] > 0) {
                double p = hist[i] / n;
                entropy -= p * Math.log(p) / Math.log(2);
            }
            if (i <= UNDER_EXPOSED_MAX) {
                under += hist[i];
            } else if (i >= OVER_EXPOSED_MIN) {
                over += hist[i];
            }
        }
        variance = n > 0 ? variance / n : 0;
        m.put(QualityMeasure.LUMINANCE_MEAN, mean / 255);
        m.put(QualityMeasure.LUMINANCE_VARIANCE, variance / (255.0 * 255.0));
        m.put(QualityMeasure.DYNAMIC_RANGE, Math.min(1, entropy / 8));
        m.put(QualityMeasure.UNDER_EXPOSURE_PREVENTION, n > 0 ? 1 - under / n : 0);
        m.put(QualityMeasure.OVER_EXPOSURE_PREVENTION, n > 0 ? 1 - over / n : 0);
        m.put(QualityMeasure.ILLUMINATION_UNIFORMITY, intersection(
                histogram(r.gray, r.leftHalf, UNIFORMITY_BINS), histogram(r.gray, r.rightHalf, UNIFORMITY_BINS)));
        m.put(QualityMeasure.SHARPNESS, 1 - Math.exp(-laplacianVariance(r) / s.sharpnessScale()));
        m.put(QualityMeasure.BACKGROUND_UNIFORMITY, Math.exp(-backgroundGradient(r) / s.backgroundGradientScale()));
        m.put(QualityMeasure.NATURAL_COLOUR, naturalColour(r));

        Mat ycrcb = new Mat();
        Mat skin = new Mat();
        try {
            Imgproc.cvtColor(r.bgr, ycrcb, Imgproc.COLOR_BGR2YCrCb);
            Core.inRange(ycrcb, SKIN_LOW, SKIN_HIGH, skin);
            boolean monochrome = chroma(ycrcb, r.face) < MONOCHROME_CHROMA;
            double faceSkin = monochrome ? 1 : share(skin, r.face) / s.skinShareUnoccluded();
            double mouthSkin = monochrome ? 1 : share(skin, r.mouth) / s.skinShareUnoccluded();
            m.put(QualityMeasure.FACE_OCCLUSION_PREVENTION, r.faceInside * Math.min(1, faceSkin));
            m.put(QualityMeasure.MOUTH_OCCLUSION_PREVENTION, r.mouthInside * Math.min(1, mouthSkin));
            m.put(QualityMeasure.NO_HEAD_COVERINGS, monochrome ? 1 : uncoveredForehead(r, skin));
        } finally {
            ycrcb.release();
            skin.release();
        }
        m.put(QualityMeasure.EYES_VISIBLE, r.eyesInside * Math.min(1, stdDev(r.gray, r.eyes) / EYE_CONTRAST));
    }

    /** Share of the forehead band that is skin or dark (hair); the rest counts as covered. */
    private static double uncoveredForehead(FaceRegions r, Mat skin) {
        Mat dark = new Mat();
        Mat uncovered = new Mat();
        try {
            Imgproc.threshold(r.gray, dark, HAIR_LUMA, 255, Imgproc.THRESH_BINARY_INV);
            Core.bitwise_or(dark, skin, uncovered);
            return Core.countNonZero(r.forehead) == 0 ? 1 : share(uncovered, r.forehead);
        } finally {
            dark.release();
            uncovered.release();
        }
    }

    private static double laplacianVariance(FaceRegions r) {
        Mat laplacian = new Mat();
        try {
            Imgproc.Laplacian(r.gray, laplacian, CvType.CV_32F, 3);
            double sd = stdDev(laplacian, r.face);
            return sd * sd;
        } finally {
            laplacian.release();
        }
    }

    /** Mean Sobel gradient magnitude (0..255 scale) over the background region; 0 when there is none. */
    private static double backgroundGradient(FaceRegions r) {
        if (Core.countNonZero(r.background) == 0) {
            return 0;
        }
        Mat gx = new Mat();
        Mat gy = new Mat();
        Mat magnitude = new Mat();
        try {
            Imgproc.Sobel(r.gray, gx, CvType.CV_32F, 1, 0, 3);
            Imgproc.Sobel(r.gray, gy, CvType.CV_32F, 0, 1, 3);
            Core.magnitude(gx, gy, magnitude);
            // A 3x3 Sobel has a gain of 4 against a unit step.
            return Core.mean(magnitude, r.background).val[0] / 4;
        } finally {
            gx.release();
            gy.release();
            magnitude.release();
        }
    }

    /** 1 when the cheeks' mean a*, b* lie in the natural-skin box, decaying with the distance outside it. */
    private static double naturalColour(FaceRegions r) {
        if (Core.countNonZero(r.cheeks) == 0) {
            return 0;
        }
        Mat lab = new Mat();
        try {
            Imgproc.cvtColor(r.bgr, lab, Imgproc.COLOR_BGR2Lab);
            Scalar mean = Core.mean(lab, r.cheeks);
            double a = mean.val[1] - 128;
            double b = mean.val[2] - 128;
            double da = Math.max(0, Math.max(A_LOW - a, a - A_HIGH));
            double db = Math.max(0, Math.max(B_LOW - b, b - B_HIGH));
            return Math.exp(-(da * da + db * db) / (2 * COLOUR_TOLERANCE * COLOUR_TOLERANCE));
        } finally {
            lab.release();
        }
    }

    private static double chroma(Mat ycrcb, Mat mask) {
        Scalar mean = Core.mean(ycrcb, mask);
        return Math.abs(mean.val[1] - 128) + Math.abs(mean.val[2] - 128);
    }

    /** Share of {@code mask}'s pixels set in {@code set}; 0 when the mask is empty. */
    private static double share(Mat set, Mat mask) {
        int all = Core.countNonZero(mask);
        if (all == 0) {
            return 0;
        }
        Mat both = new Mat();
        try {
            Core.bitwise_and(set, mask, both);
            return Core.countNonZero(both) / (double) all;
        } finally {
            both.release();
        }
    }

    private static double stdDev(Mat image, Mat mask) {
        if (Core.countNonZero(mask) == 0) {
            return 0;
        }
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble sd = new MatOfDouble();
        try {
            Core.meanStdDev(image, mean, sd, mask);
            return sd.toArray()[0];
        } finally {
            mean.release();
            sd.release();
        }
    }

    /** A {@code bins}-bin histogram of the 8-bit {@code gray} over {@code mask}. */
    static double[] histogram(Mat gray, Mat mask, int bins) {
        double[] hist = new double[bins];
        int rows = gray.rows();
        int cols = gray.cols();
        byte[] g = new byte[rows * cols];
        byte[] k = new byte[rows * cols];
        gray.get(0, 0, g);
        mask.get(0, 0, k);
        for (int i = 0; i < g.length; i++) {
            if (k[i] != 0) {
                hist[(g[i] & 0xff) * bins / 256]++;
            }
        }
        return hist;
    }

    /** Intersection of two histograms after normalising each to sum 1; 0 when either is empty. */
    static double intersection(double[] a, double[] b) {
        double sa = sum(a);
        double sb = sum(b);
        if (sa == 0 || sb == 0) {
            return 0;
        }
        double common = 0;
        for (int i = 0; i < a.length; i++) {
            common += Math.min(a[i] / sa, b[i] / sb);
        }
        return common;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
