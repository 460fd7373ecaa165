package io.visage.landmarks.fr;

import java.util.List;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.osgi.service.component.annotations.Activate;
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
 * Aligns a face to the ArcFace 112x112 crop: the similarity transform (rotation, uniform scale, translation;
 * no shear, no reflection) that maps the five points onto the reference with least squares over all five.
 * A face much larger than the crop is first shrunk with area interpolation, so that the warp does not alias.
 */
@Component(service = FaceAligner.class, property = FaceAligner.CROP + "=" + FaceAligner.CROP_ARCFACE_112)
public final class SimilarityFaceAligner implements FaceAligner {

    /** ArcFace reference: eye centres, nose tip, mouth corners in the 112x112 crop. */
    static final double[][] REFERENCE = {
            {38.2946, 51.6963}, {73.5318, 51.5014}, {56.0252, 71.7366}, {41.5493, 92.3655}, {70.7299, 92.2041}};
    static final int SIZE = 112;
    private static final double SHRINK_BELOW = 0.7;

    @Activate
    public SimilarityFaceAligner() {
        OpenCvNatives.load();
    }

    @Override
    public FaceImage align(FaceImage image, FaceLandmarks landmarks) {
        Mat src = Images.mat(image);
        double[] t = similarity(landmarks.fivePoint());
        double scale = Math.hypot(t[0], t[1]);
        Mat out = new Mat();
        try {
            if (scale < SHRINK_BELOW) {
                warpShrunk(src, t, scale, out);
            } else {
                warp(src, t, out);
            }
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return new MatImage(out);
    }

    /** Least-squares similarity {a, b, tx, ty}: x' = a x - b y + tx, y' = b x + a y + ty. */
    static double[] similarity(List<Point> from) {
        int n = from.size();
        double mx = 0, my = 0, rx = 0, ry = 0;
        for (int i = 0; i < n; i++) {
            mx += from.get(i).x();
            my += from.get(i).y();
            rx += REFERENCE[i][0];
            ry += REFERENCE[i][1];
        }
        mx /= n;
        my /= n;
        rx /= n;
        ry /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double sx = from.get(i).x() - mx;
            double sy = from.get(i).y() - my;
            double dx = REFERENCE[i][0] - rx;
            double dy = REFERENCE[i][1] - ry;
            dot += sx * dx + sy * dy;
            cross += sx * dy - sy * dx;
            norm += sx * sx + sy * sy;
        }
        if (norm == 0) {
            throw new IllegalArgumentException("degenerate landmarks");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new double[] {a, b, rx - (a * mx - b * my), ry - (b * mx + a * my)};
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

    /** Crops the source region of the output, shrinks it to about the output's scale, then warps. */
    private static void warpShrunk(Mat src, double[] t, double scale, Mat out) {
        // The inverse transform maps the output square's corners back to the source.
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
            double kx = (double) w / region.width;
            double ky = (double) h / region.height;
            double k = (kx + ky) / 2;
            // p_src = p_shrunk / k + region origin, so the linear part divides by k.
            double a = t[0] / k;
            double b = t[1] / k;
            double tx = t[0] * region.x - t[1] * region.y + t[2];
            double ty = t[1] * region.x + t[0] * region.y + t[3];
            warp(shrunk, new double[] {a, b, tx, ty}, out);
        } finally {
            shrunk.release();
        }
    }
}
