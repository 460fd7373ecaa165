package io.visage.imaging;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Crops and resizes that tolerate regions reaching outside the image. */
public final class Crops {

    private Crops() {
    }

    /**
     * A copy of {@code region} of {@code src}; parts outside the image are black. The caller releases the result.
     */
    public static Mat cropPadded(Mat src, Rect region) {
        Mat out = Mat.zeros(region.height, region.width, src.type());
        int x1 = Math.max(region.x, 0);
        int y1 = Math.max(region.y, 0);
        int x2 = Math.min(region.x + region.width, src.cols());
        int y2 = Math.min(region.y + region.height, src.rows());
        if (x2 > x1 && y2 > y1) {
            Mat from = src.submat(y1, y2, x1, x2);
            Mat to = out.submat(y1 - region.y, y2 - region.y, x1 - region.x, x2 - region.x);
            try {
                from.copyTo(to);
            } catch (RuntimeException e) {
                out.release();
                throw e;
            } finally {
                from.release();
                to.release();
            }
        }
        return out;
    }

    /**
     * {@code region} of {@code src} resized to {@code width}x{@code height} (area interpolation when shrinking),
     * padded with black outside the image. The caller releases the result.
     */
    public static Mat cropResized(Mat src, Rect region, int width, int height) {
        Mat crop = cropPadded(src, region);
        try {
            Mat out = new Mat();
            boolean shrinking = region.width > width || region.height > height;
            Imgproc.resize(crop, out, new Size(width, height), 0, 0,
                    shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            return out;
        } finally {
            crop.release();
        }
    }
}
