package io.visage.embedding.faceapi;

import java.util.List;

import org.opencv.core.Core;
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
import io.visage.imaging.Images;
import io.visage.imaging.MatImage;
import io.visage.imaging.OpenCvNatives;

/**
 * The crop face-api's ResNet-34 descriptor expects (dlib's): the centroid of the two eye centres and the mouth
 * centre; side = mean eye-to-mouth distance / 0.45; left = cx − 0.5·side, top = cy − 0.43·side; square, not
 * rotated; zero where it leaves the image; resized to 150x150 (area interpolation when shrinking, so that large
 * faces do not alias; bilinear when enlarging).
 *
 * <p>It is a {@link FaceAligner} because that is the stage of the pipeline that turns an image and landmarks into
 * the embedder's input: the platform pairs it with the embedder of {@code faceapi_resnet34} (service property
 * {@code visage.crop=dlib150}; the ArcFace aligner's crop does not fit this model).
 */
@Component(service = FaceAligner.class, property = FaceAligner.CROP + "=" + DlibFaceCropper.CROP)
public final class DlibFaceCropper implements FaceAligner {

    public static final String CROP = FaceAligner.CROP_DLIB_150;
    static final int SIZE = 150;

    public DlibFaceCropper() {
        OpenCvNatives.load();
    }

    /** {x, y, side} of the crop square in image pixels. */
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

    @Override
    public FaceImage align(FaceImage image, FaceLandmarks landmarks) {
        Mat src = Images.mat(image);
        double[] square = square(landmarks.fivePoint());
        int x = (int) Math.round(square[0]);
        int y = (int) Math.round(square[1]);
        int side = (int) Math.round(square[2]);
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(src.cols(), x + side);
        int y1 = Math.min(src.rows(), y + side);
        Mat padded = new Mat();
        Mat out = new Mat();
        try {
            if (x1 <= x0 || y1 <= y0) {
                throw new IllegalArgumentException("face crop outside the image");
            }
            Mat roi = src.submat(new Rect(x0, y0, x1 - x0, y1 - y0));
            try {
                Core.copyMakeBorder(roi, padded, y0 - y, y + side - y1, x0 - x, x + side - x1, Core.BORDER_CONSTANT,
                        Scalar.all(0));
            } finally {
                roi.release();
            }
            Imgproc.resize(padded, out, new Size(SIZE, SIZE), 0, 0, side > SIZE ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            padded.release();
        }
        return new MatImage(out);
    }
}
