package io.visage.detection.fr;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import io.visage.api.face.Box;

/**
 * Captures made from the labelled images, the way a camera frames a user who stands too close or too far, and
 * full-page scans of documents. The images are made in the test and never stored.
 */
final class Reframing {
    /** Where a framed face's centre sits vertically: heads are held a little above the middle. */
    static final double FACE_CENTRE_Y = 0.45;

    private Reframing() {
    }

    /**
     * {@code source} scaled so that {@code face} is {@code widthRatio} of the frame width, its centre moved by
     * {@code offsetX} frame widths from the middle; beyond the source, its edge pixels are repeated.
     */
    static Mat frame(Mat source, Box face, double widthRatio, double offsetX, int width, int height) {
        double k = widthRatio * width / face.width();
        double tx = width * (0.5 + offsetX) - k * face.centre().x();
        double ty = height * FACE_CENTRE_Y - k * face.centre().y();
        Mat transform = new Mat(2, 3, CvType.CV_64F);
        Mat out = new Mat();
        try {
            transform.put(0, 0, k, 0, tx, 0, k, ty);
            Imgproc.warpAffine(source, out, transform, new Size(width, height),
                    k < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
        } finally {
            transform.release();
        }
        return out;
    }

    /** Whether {@link #frame} of this face needs no repeated edge: the frame lies inside the photo. */
    static boolean frameInside(int sourceWidth, int sourceHeight, Box face, double widthRatio, int width, int height) {
        double k = widthRatio * width / face.width();
        double left = face.centre().x() - width * 0.5 / k;
        double top = face.centre().y() - height * FACE_CENTRE_Y / k;
        return left >= 0 && top >= 0 && left + width / k <= sourceWidth && top + height / k <= sourceHeight;
    }

    /** The box {@link #frame} moves {@code face} to. */
    static Box framedBox(Box face, double widthRatio, double offsetX, int width, int height) {
        double k = widthRatio * width / face.width();
        double cx = width * (0.5 + offsetX);
        double cy = height * FACE_CENTRE_Y;
        return new Box(cx - k * face.width() / 2, cy - k * face.height() / 2, cx + k * face.width() / 2,
                cy + k * face.height() / 2);
    }

    /** A white page of {@code pageWidth} x {@code pageHeight} with {@code document} scaled by {@code k} at (x, y). */
    static Mat onPage(Mat document, double k, int x, int y, int pageWidth, int pageHeight) {
        Mat page = new Mat(pageHeight, pageWidth, document.type(), Scalar.all(255));
        Mat scaled = new Mat();
        Mat target = null;
        try {
            Imgproc.resize(document, scaled, new Size(Math.round(document.cols() * k), Math.round(document.rows() * k)),
                    0, 0, Imgproc.INTER_LINEAR);
            target = page.submat(new Rect(x, y, scaled.cols(), scaled.rows()));
            scaled.copyTo(target);
        } finally {
            if (target != null) {
                target.release();
            }
            scaled.release();
        }
        return page;
    }
}
