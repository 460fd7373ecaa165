package io.visage.quality;

import java.util.ArrayList;
import java.util.List;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.RotatedRect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import io.visage.api.face.Box;
import io.visage.api.face.Point;

/**
 * A normalised portrait crop of one face and the regions the measures read, as 8-bit masks of the crop. The crop
 * is a square of {@value #CROP_SCALE} times the face box around its centre, resized to {@value #SIZE} pixels, so
 * that statistics do not depend on the image's resolution; parts outside the image are excluded by {@link #valid}.
 * Owns every Mat; {@link #close()} releases them.
 */
final class FaceRegions implements AutoCloseable {

    static final int SIZE = 256;
    static final double CROP_SCALE = 2.4;

    private final List<Mat> owned;
    /** The crop, BGR. */
    final Mat bgr;
    /** Its luma (BT.601), 8-bit. */
    final Mat gray;
    /** Pixels that lie inside the image. */
    final Mat valid;
    /** The landmarked face region: convex hull of the jaw line and eyebrows, inside the image. */
    final Mat face;
    final Mat leftHalf;
    final Mat rightHalf;
    /** Above the chin, outside the head ellipse, inside the image. */
    final Mat background;
    /** The band between the eyebrows and the estimated crown (where a head covering sits), inside the image. */
    final Mat forehead;
    /** The outer lip contour's hull, inside the image. */
    final Mat mouth;
    /** Both cheeks (between the lower eyelid, the nose wing and the mouth corner), inside the image. */
    final Mat cheeks;
    /** Both eye regions (eye contour hulls grown 1.5 times), inside the image. */
    final Mat eyes;
    /** Share of the face hull, the mouth hull and the eye regions that lies inside the image. */
    final double faceInside;
    final double mouthInside;
    final double eyesInside;

    private FaceRegions(List<Mat> owned, Mat src, Box box, List<Point> landmarks) {
        this.owned = owned;
        double side = CROP_SCALE * Math.max(1, Math.max(box.width(), box.height()));
        double x0 = box.centre().x() - side / 2;
        double y0 = box.centre().y() - side / 2;
        double scale = SIZE / side;
        List<org.opencv.core.Point> p = new ArrayList<>(landmarks.size());
        for (Point q : landmarks) {
            p.add(new org.opencv.core.Point((q.x() - x0) * scale, (q.y() - y0) * scale));
        }
        // Only the part inside the image is resized, straight into its place in the crop (no full-size copy).
        int ix1 = (int) Math.max(0, Math.floor(x0));
        int iy1 = (int) Math.max(0, Math.floor(y0));
        int ix2 = (int) Math.min(src.cols(), Math.ceil(x0 + side));
        int iy2 = (int) Math.min(src.rows(), Math.ceil(y0 + side));
        int vx1 = clamp((ix1 - x0) * scale);
        int vy1 = clamp((iy1 - y0) * scale);
        int vx2 = Math.max(vx1 + 1, clamp((ix2 - x0) * scale));
        int vy2 = Math.max(vy1 + 1, clamp((iy2 - y0) * scale));
        Mat crop = own(Mat.zeros(SIZE, SIZE, src.type()));
        valid = zeros();
        if (ix2 > ix1 && iy2 > iy1 && vx2 <= SIZE && vy2 <= SIZE) {
            Mat from = own(src.submat(iy1, iy2, ix1, ix2));
            Mat to = own(crop.submat(vy1, vy2, vx1, vx2));
            Imgproc.resize(from, to, to.size(), 0, 0, side > SIZE ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            Imgproc.rectangle(valid, new org.opencv.core.Point(vx1, vy1),
                    new org.opencv.core.Point(vx2 - 1, vy2 - 1), Scalar.all(255), -1);
        }
        if (crop.channels() == 1) {
            bgr = own(new Mat());
            Imgproc.cvtColor(crop, bgr, Imgproc.COLOR_GRAY2BGR);
        } else {
            bgr = crop;
        }
        gray = own(new Mat());
        Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);

        org.opencv.core.Point eyeMid = mid(mean(p, 36, 41), mean(p, 42, 47));
        org.opencv.core.Point chin = p.get(8);
        // Face axis from the eyes' midpoint down to the chin; the crown is about as far above the eyes.
        double ax = chin.x - eyeMid.x;
        double ay = chin.y - eyeMid.y;

        Mat faceHull = hull(p, range(0, 27));
        faceInside = inside(faceHull);
        face = and(faceHull);
        Mat left = zeros();
        Mat right = zeros();
        halves(p.get(27), chin, left, right);
        leftHalf = and(face, left);
        rightHalf = and(face, right);

        Mat head = zeros();
        double length = Math.hypot(ax, ay);
        double angle = Math.toDegrees(Math.atan2(ay, ax)) - 90;
        org.opencv.core.Point headCentre = new org.opencv.core.Point(eyeMid.x - 0.05 * ax, eyeMid.y - 0.05 * ay);
        double faceWidth = p.get(0).x - p.get(16).x;
        faceWidth = Math.hypot(faceWidth, p.get(0).y - p.get(16).y);
        Imgproc.ellipse(head, new RotatedRect(headCentre, new Size(1.4 * faceWidth, 2.4 * length), angle),
                Scalar.all(255), -1);
        Mat aboveChin = zeros();
        Imgproc.rectangle(aboveChin, new org.opencv.core.Point(0, 0),
                new org.opencv.core.Point(SIZE - 1, Math.max(0, Math.min(SIZE - 1, chin.y))), Scalar.all(255), -1);
        Mat notHead = own(new Mat());
        Core.bitwise_not(head, notHead);
        // Away from the image's border by two pixels: the black padding beyond it is no background edge.
        Mat validInner = own(new Mat());
        Mat kernel = own(Mat.ones(5, 5, CvType.CV_8UC1));
        Imgproc.erode(valid, validInner, kernel);
        background = and(and(notHead, aboveChin), validInner);

        List<org.opencv.core.Point> band = new ArrayList<>();
        for (int i : new int[] {17, 21, 22, 26}) {
            band.add(p.get(i));
            band.add(new org.opencv.core.Point(p.get(i).x - 0.6 * ax, p.get(i).y - 0.6 * ay));
        }
        forehead = and(hull(band));

        Mat mouthHull = hull(p, range(48, 60));
        mouthInside = inside(mouthHull);
        mouth = and(mouthHull);

        Mat leftCheek = hull(p, 1, 2, 3, 31, 41, 48);
        Mat rightCheek = hull(p, 15, 14, 13, 35, 46, 54);
        cheeks = and(or(leftCheek, rightCheek));

        Mat eyeRegions = or(grownHull(p, 36), grownHull(p, 42));
        eyesInside = inside(eyeRegions);
        eyes = and(eyeRegions);
    }

    static FaceRegions of(Mat src, Box box, List<Point> landmarks) {
        if (landmarks.size() < 68) {
            throw new IllegalArgumentException("68 landmarks expected, got " + landmarks.size());
        }
        List<Mat> owned = new ArrayList<>();
        try {
            return new FaceRegions(owned, src, box, landmarks);
        } catch (RuntimeException e) {
            owned.forEach(Mat::release);
            throw e;
        }
    }

    private Mat own(Mat mat) {
        owned.add(mat);
        return mat;
    }

    private Mat zeros() {
        return own(Mat.zeros(SIZE, SIZE, CvType.CV_8UC1));
    }

    private Mat and(Mat mask) {
        return and(mask, valid);
    }

    private Mat and(Mat a, Mat b) {
        Mat out = own(new Mat());
        Core.bitwise_and(a, b, out);
        return out;
    }

    private Mat or(Mat a, Mat b) {
        Mat out = own(new Mat());
        Core.bitwise_or(a, b, out);
        return out;
    }

    /** Share of {@code mask}'s pixels that are valid (1 when the mask is empty). */
    private double inside(Mat mask) {
        int all = Core.countNonZero(mask);
        if (all == 0) {
            return 1;
        }
        Mat in = and(mask, valid);
        return Core.countNonZero(in) / (double) all;
    }

    private Mat hull(List<org.opencv.core.Point> p, int... indices) {
        List<org.opencv.core.Point> chosen = new ArrayList<>(indices.length);
        for (int i : indices) {
            chosen.add(p.get(i));
        }
        return hull(chosen);
    }

    private Mat hull(List<org.opencv.core.Point> points) {
        Mat mask = zeros();
        MatOfPoint all = new MatOfPoint();
        MatOfInt indices = new MatOfInt();
        MatOfPoint polygon = new MatOfPoint();
        try {
            org.opencv.core.Point[] rounded = new org.opencv.core.Point[points.size()];
            for (int i = 0; i < rounded.length; i++) {
                rounded[i] = new org.opencv.core.Point(Math.round(points.get(i).x), Math.round(points.get(i).y));
            }
            all.fromArray(rounded);
            Imgproc.convexHull(all, indices);
            org.opencv.core.Point[] corners = new org.opencv.core.Point[(int) indices.total()];
            int[] idx = indices.toArray();
            for (int i = 0; i < idx.length; i++) {
                corners[i] = rounded[idx[i]];
            }
            polygon.fromArray(corners);
            Imgproc.fillConvexPoly(mask, polygon, Scalar.all(255));
            return mask;
        } finally {
            all.release();
            indices.release();
            polygon.release();
        }
    }

    /** The hull of the six eye points starting at {@code first}, grown 1.5 times around its centre. */
    private Mat grownHull(List<org.opencv.core.Point> p, int first) {
        org.opencv.core.Point c = mean(p, first, first + 5);
        List<org.opencv.core.Point> grown = new ArrayList<>(6);
        for (int i = first; i < first + 6; i++) {
            grown.add(new org.opencv.core.Point(c.x + 1.5 * (p.get(i).x - c.x), c.y + 1.5 * (p.get(i).y - c.y)));
        }
        return hull(grown);
    }

    /** Splits the crop along the line through {@code top} and {@code bottom} (nose bridge, chin). */
    private static void halves(org.opencv.core.Point top, org.opencv.core.Point bottom, Mat left, Mat right) {
        double dx = bottom.x - top.x;
        double dy = bottom.y - top.y;
        double n = Math.max(1e-6, Math.hypot(dx, dy));
        double far = 4.0 * SIZE;
        double ux = dx / n * far;
        double uy = dy / n * far;
        org.opencv.core.Point a = new org.opencv.core.Point(top.x - ux, top.y - uy);
        org.opencv.core.Point b = new org.opencv.core.Point(top.x + ux, top.y + uy);
        // Perpendicular pointing to the image's left when the axis points down.
        double px = uy;
        double py = -ux;
        fillQuad(left, a, b, new org.opencv.core.Point(b.x + px, b.y + py), new org.opencv.core.Point(a.x + px, a.y + py));
        fillQuad(right, a, b, new org.opencv.core.Point(b.x - px, b.y - py), new org.opencv.core.Point(a.x - px, a.y - py));
    }

    private static void fillQuad(Mat mask, org.opencv.core.Point... corners) {
        MatOfPoint polygon = new MatOfPoint(corners);
        try {
            Imgproc.fillConvexPoly(mask, polygon, Scalar.all(255));
        } finally {
            polygon.release();
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static org.opencv.core.Point mean(List<org.opencv.core.Point> p, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i <= to; i++) {
            x += p.get(i).x;
            y += p.get(i).y;
        }
        int n = to - from + 1;
        return new org.opencv.core.Point(x / n, y / n);
    }

    private static org.opencv.core.Point mid(org.opencv.core.Point a, org.opencv.core.Point b) {
        return new org.opencv.core.Point((a.x + b.x) / 2, (a.y + b.y) / 2);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(SIZE, Math.round(v)));
    }

    @Override
    public void close() {
        owned.forEach(Mat::release);
        owned.clear();
    }
}
