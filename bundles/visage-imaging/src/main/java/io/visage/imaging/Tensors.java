package io.visage.imaging;

import java.util.List;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Converts 8-bit images into the float NCHW input of a model. */
public final class Tensors {

    private Tensors() {
    }

    /**
     * The planar (CHW) float data of {@code image} (BGR or gray, already at the model's size) in
     * {@code colourOrder} ({@code RGB}, {@code BGR} or {@code GRAY}) with {@code (px - mean[c]) / std[c]}.
     */
    public static float[] chw(Mat image, String colourOrder, List<Double> mean, List<Double> std) {
        Mat source = image;
        Mat converted = null;
        boolean gray = "GRAY".equals(colourOrder);
        if (gray && image.channels() == 3) {
            converted = new Mat();
            Imgproc.cvtColor(image, converted, Imgproc.COLOR_BGR2GRAY);
            source = converted;
        } else if (!gray && image.channels() == 1) {
            converted = new Mat();
            Imgproc.cvtColor(image, converted, Imgproc.COLOR_GRAY2BGR);
            source = converted;
        }
        try {
            if (source.type() != CvType.CV_8UC1 && source.type() != CvType.CV_8UC3) {
                throw new IllegalArgumentException("8-bit image expected");
            }
            int channels = source.channels();
            int pixels = source.rows() * source.cols();
            byte[] data = new byte[pixels * channels];
            if (source.isContinuous()) {
                source.get(0, 0, data);
            } else {
                Mat copy = source.clone();
                try {
                    copy.get(0, 0, data);
                } finally {
                    copy.release();
                }
            }
            float[] out = new float[pixels * channels];
            boolean rgb = "RGB".equals(colourOrder);
            for (int c = 0; c < channels; c++) {
                int from = rgb ? 2 - c : c;
                float m = mean.get(Math.min(c, mean.size() - 1)).floatValue();
                float s = std.get(Math.min(c, std.size() - 1)).floatValue();
                int base = c * pixels;
                for (int i = 0; i < pixels; i++) {
                    out[base + i] = ((data[i * channels + from] & 0xff) - m) / s;
                }
            }
            return out;
        } finally {
            if (converted != null) {
                converted.release();
            }
        }
    }
}
