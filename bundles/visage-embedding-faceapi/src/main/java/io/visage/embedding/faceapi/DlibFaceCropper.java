package io.visage.embedding.faceapi;

import java.util.ArrayList;
import java.util.List;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.osgi.service.component.annotations.Component;

import io.visage.api.face.FaceAligner;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.Point;
import io.visage.imaging.Crops;
import io.visage.imaging.Images;
import io.visage.imaging.MatImage;
import io.visage.imaging.OpenCvNatives;

/**
 * The crop face-api's ResNet-34 descriptor expects: dlib's 150x150 face chip with padding 0.25, the crop dlib's
 * face recognition network was trained and published on. The landmarks are mapped with the least-squares
 * similarity transform (rotation, uniform scale, translation) onto dlib's template of its 5-point shape
 * predictor: both corners of each eye and the base of the nose, taken from the iBUG 68 points (36, 39, 42, 45,
 * 33). Outside the image is black, as in dlib; a face much larger than the chip is first shrunk with area
 * interpolation (dlib shrinks through an image pyramid), so that the warp does not alias.
 *
 * <p>With landmarks that are not the 68 iBUG points, the crop falls back to a square from the five points
 * (centroid of eye centres and mouth centre, side = mean eye-to-mouth distance / 0.45, not rotated).
 *
 * <p>It is a {@link FaceAligner} because that is the stage of the pipeline that turns an image and landmarks into
 * the embedder's input: the platform pairs it with the embedder of {@code faceapi_resnet34} (service property
 * {@code visage.crop=dlib150}; the ArcFace aligner's crop does not fit this model).
 */
@Component(service = FaceAligner.class, property = FaceAligner.CROP + "=" + DlibFaceCropper.CROP)
public final class DlibFaceCropper implements FaceAligner {

    public static final String CROP = FaceAligner.CROP_DLIB_150;
    static final int SIZE = 150;
    static final double PADDING = 0.25;

    /** How the chip is placed. */
    public enum Template {
        /** dlib's 5-point template (eye corners, base of the nose); the platform's crop. */
        FIVE_POINT,
        /** dlib's 68-point mean face (points 27-54 and 60-64: nose, eyes, mouth without the lower lip). */
        MEAN_FACE,
        /** The square from the five points, not rotated (this aligner before issue 16; for comparison). */
        SQUARE
    }

    /** dlib's 5-point template on the unit square: image-right eye outer/inner corner, image-left eye outer/inner, nose base. */
    static final double[][] FIVE_POINT_TEMPLATE = {
            {0.8595674595992, 0.2134981538014}, {0.6460604764104, 0.2289674387677},
            {0.1205750620789, 0.2137274526848}, {0.3340850613712, 0.2290642403242},
            {0.4901123135679, 0.6277975316475}};
    /** The iBUG 68 indices of those five points. */
    static final int[] FIVE_POINT_IBUG = {45, 42, 36, 39, 33};

    /** dlib's mean face shape, iBUG points 17..67 on the unit square. */
    private static final double[] MEAN_X = {
            0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004,
            0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737,
            0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751,
            0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
            0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127,
            0.42689};
    private static final double[] MEAN_Y = {
            0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915,
            0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326,
            0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423,
            0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
            0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182,
            0.831803, 0.824182};

    private static final int IBUG_POINTS = 68;
    private static final double SHRINK_BELOW = 0.7;

    private final Template template;

    /** The platform's crop (dlib's 5-point template). */
    public DlibFaceCropper() {
        this(Template.FIVE_POINT);
    }

    /** Another placement, for measurements (visage-evaluation). */
    public DlibFaceCropper(Template template) {
        OpenCvNatives.load();
        this.template = template;
    }

    /** {x, y, side} of the unrotated crop square in image pixels ({@link Template#SQUARE}). */
    static double[] square(List<Point> fivePoint) {
        Point leftEye = fivePoint.get(0);
        Point rightEye = fivePoint.get(1);
        double mouthX = (fivePoint.get(3).x() + fivePoint.get(4).x()) / 2;
        double mouthY = (fivePoint.get(3).y() + fivePoint.get(4).y()) / 2;
        double cx = (leftEye.x() + rightEye.x() + mouthX) / 3;
        double cy = (leftEye.y() + rightEye.y() + mouthY) / 3;
        double side = (Math.hypot(leftEye.x() - mouthX, leftEye.y() - mouthY)
                + Math.hypot(rightEye.x() - mouthX, rightEye.y() - mouthY)) / 2 / 0.45;
        if (!(side > 1)) {
            throw new IllegalArgumentException("degenerate landmarks");
        }
        return new double[] {cx - 0.5 * side, cy - 0.43 * side, side};
    }

    /** The image points and where they go in the chip, or null when only the square applies. */
    static double[][][] correspondences(FaceLandmarks landmarks, Template template) {
        List<Point> points = landmarks.points();
        if (template == Template.SQUARE || points.size() != IBUG_POINTS) {
            return null;
        }
        List<double[]> from = new ArrayList<>();
        List<double[]> to = new ArrayList<>();
        if (template == Template.FIVE_POINT) {
            for (int k = 0; k < FIVE_POINT_IBUG.length; k++) {
                Point p = points.get(FIVE_POINT_IBUG[k]);
                from.add(new double[] {p.x(), p.y()});
                to.add(chip(FIVE_POINT_TEMPLATE[k][0], FIVE_POINT_TEMPLATE[k][1]));
            }
        } else {
            for (int i = 27; i < IBUG_POINTS; i++) {
                if ((i >= 55 && i <= 59) || i >= 65) {
                    continue; // the lower lip moves with the jaw
                }
                Point p = points.get(i);
                from.add(new double[] {p.x(), p.y()});
                to.add(chip(MEAN_X[i - 17], MEAN_Y[i - 17]));
            }
        }
        return new double[][][] {from.toArray(double[][]::new), to.toArray(double[][]::new)};
    }

    /** A template point on the unit square, padded and scaled to the chip. */
    private static double[] chip(double x, double y) {
        return new double[] {(PADDING + x) / (1 + 2 * PADDING) * SIZE, (PADDING + y) / (1 + 2 * PADDING) * SIZE};
    }

    /** Least-squares similarity {a, b, tx, ty} mapping from onto to: x' = a x - b y + tx, y' = b x + a y + ty. */
    static double[] similarity(double[][] from, double[][] to) {
        int n = from.length;
        double mx = 0, my = 0, rx = 0, ry = 0;
        for (int i = 0; i < n; i++) {
            mx += from[i][0];
            my += from[i][1];
            rx += to[i][0];
            ry += to[i][1];
        }
        mx /= n;
        my /= n;
        rx /= n;
        ry /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double sx = from[i][0] - mx;
            double sy = from[i][1] - my;
            double dx = to[i][0] - rx;
            double dy = to[i][1] - ry;
            dot += sx * dx + sy * dy;
            cross += sx * dy - sy * dx;
            norm += sx * sx + sy * sy;
        }
        if (!(norm > 1e-9)) {
            throw new IllegalArgumentException("degenerate landmarks");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new double[] {a, b, rx - (a * mx - b * my), ry - (b * mx + a * my)};
    }

    @Override
    public FaceImage align(FaceImage image, FaceLandmarks landmarks) {
        Mat src = Images.mat(image);
        double[][][] pairs = correspondences(landmarks, template);
        Mat out = new Mat();
        try {
            if (pairs == null) {
                cropSquare(src, square(landmarks.fivePoint()), out);
            } else {
                double[] t = similarity(pairs[0], pairs[1]);
                double scale = Math.hypot(t[0], t[1]);
                if (scale < SHRINK_BELOW) {
                    warpShrunk(src, t, scale, out);
                } else {
                    warp(src, t, out);
                }
            }
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return new MatImage(out);
    }

    private static void warp(Mat src, double[] t, Mat out) {
        Mat m = new Mat(2, 3, CvType.CV_64F);
        try {
            m.put(0, 0, t[0], -t[1], t[2], t[1], t[0], t[3]);
            Imgproc.warpAffine(src, out, m, new Size(SIZE, SIZE), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT,
                    Scalar.all(0));
        } finally {
            m.release();
        }
    }

    /** Crops the source region of the chip, shrinks it to about the chip's scale, then warps. */
    private static void warpShrunk(Mat src, double[] t, double scale, Mat out) {
        double det = t[0] * t[0] + t[1] * t[1];
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] c : new double[][] {{0, 0}, {SIZE, 0}, {0, SIZE}, {SIZE, SIZE}}) {
            double u = c[0] - t[2];
            double v = c[1] - t[3];
            double x = (t[0] * u + t[1] * v) / det;
            double y = (-t[1] * u + t[0] * v) / det;
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        Rect region = new Rect((int) Math.floor(minX) - 1, (int) Math.floor(minY) - 1,
                (int) Math.ceil(maxX - minX) + 3, (int) Math.ceil(maxY - minY) + 3);
        int w = Math.max(1, (int) Math.round(region.width * scale));
        int h = Math.max(1, (int) Math.round(region.height * scale));
        Mat shrunk = Crops.cropResized(src, region, w, h);
        try {
            double k = ((double) w / region.width + (double) h / region.height) / 2;
            double tx = t[0] * region.x - t[1] * region.y + t[2];
            double ty = t[1] * region.x + t[0] * region.y + t[3];
            warp(shrunk, new double[] {t[0] / k, t[1] / k, tx, ty}, out);
        } finally {
            shrunk.release();
        }
    }

    private static void cropSquare(Mat src, double[] square, Mat out) {
        int x = (int) Math.round(square[0]);
        int y = (int) Math.round(square[1]);
        int side = (int) Math.round(square[2]);
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(src.cols(), x + side);
        int y1 = Math.min(src.rows(), y + side);
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("face crop outside the image");
        }
        Mat padded = new Mat();
        try {
            Mat roi = src.submat(new Rect(x0, y0, x1 - x0, y1 - y0));
            try {
                Core.copyMakeBorder(roi, padded, y0 - y, y + side - y1, x0 - x, x + side - x1, Core.BORDER_CONSTANT,
                        Scalar.all(0));
            } finally {
                roi.release();
            }
            Imgproc.resize(padded, out, new Size(SIZE, SIZE), 0, 0,
                    side > SIZE ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        } finally {
            padded.release();
        }
    }
}
