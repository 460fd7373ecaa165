package io.visage.imaging.internal;

import java.util.ArrayList;
import java.util.List;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.ImageDecoder;
import io.visage.imaging.MatImage;
import io.visage.imaging.OpenCvNatives;

/**
 * Decodes JPEG, PNG, WebP and BMP with OpenCV into upright 8-bit BGR images. The format comes from the magic
 * bytes; sizes are checked from the header before any pixel is decoded; transparent pixels are composited on
 * white; the EXIF orientation (JPEG) is applied here, not by OpenCV, so that invalid values (0) mean "as stored".
 */
@Component(service = ImageDecoder.class, configurationPid = OpenCvImageDecoder.PID)
@Designate(ocd = OpenCvImageDecoder.Config.class)
public final class OpenCvImageDecoder implements ImageDecoder {

    public static final String PID = "io.visage.imaging.decoder";

    @ObjectClassDefinition(name = "Visage image decoder", description = "Limits on uploaded images.")
    public @interface Config {
        @AttributeDefinition(name = "Maximum bytes", description = "Larger uploads are refused (415 Invalid image). "
                + "Default 20 MiB.")
        int max_bytes() default 20 * 1024 * 1024;

        @AttributeDefinition(name = "Maximum pixels", description = "Width x height above this is refused from the "
                + "header, before decoding (415). Default 50 million (a 50 MP phone photo).")
        long max_pixels() default 50_000_000L;

        @AttributeDefinition(name = "Maximum side", description = "A width or height above this is refused from "
                + "the header (415). Default 12000.")
        int max_side() default 12_000;
    }

    /** Limits of one decoder. */
    public record Limits(int maxBytes, long maxPixels, int maxSide) {
        public static final Limits DEFAULT = new Limits(20 * 1024 * 1024, 50_000_000L, 12_000);
    }

    private final Limits limits;

    @Activate
    public OpenCvImageDecoder(Config config) {
        this(new Limits(config.max_bytes(), config.max_pixels(), config.max_side()));
    }

    public OpenCvImageDecoder(Limits limits) {
        OpenCvNatives.load();
        this.limits = limits;
    }

    @Override
    public FaceImage decode(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            throw new FaceException(FaceError.IMAGE_WRONG_FORMAT, "no image bytes");
        }
        if (encoded.length > limits.maxBytes()) {
            throw new FaceException(FaceError.IMAGE_INVALID, encoded.length + " bytes over the limit of "
                    + limits.maxBytes());
        }
        ImageHeader header = ImageHeader.read(encoded);
        if (header.width() <= 0 || header.height() <= 0) {
            throw new FaceException(FaceError.IMAGE_CORRUPTED, "empty size in the " + header.format() + " header");
        }
        if (header.width() > limits.maxSide() || header.height() > limits.maxSide()
                || (long) header.width() * header.height() > limits.maxPixels()) {
            throw new FaceException(FaceError.IMAGE_INVALID, header.width() + "x" + header.height()
                    + " over the pixel limits");
        }
        Mat decoded = imdecode(encoded);
        if (decoded.empty()) {
            decoded.release();
            throw new FaceException(FaceError.IMAGE_CORRUPTED, header.format() + " did not decode");
        }
        Mat bgr = null;
        try {
            bgr = toBgr8(decoded);
            Mat upright = orient(bgr, header.orientation());
            if (upright != bgr) {
                bgr.release();
            }
            return new MatImage(upright);
        } catch (RuntimeException e) {
            if (bgr != null) {
                bgr.release();
            }
            throw e;
        } finally {
            if (decoded != bgr) {
                decoded.release();
            }
        }
    }

    private static Mat imdecode(byte[] encoded) {
        MatOfByte buffer = new MatOfByte(encoded);
        try {
            // UNCHANGED keeps alpha and 16-bit data and applies no EXIF orientation: both are handled below.
            return Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_UNCHANGED);
        } finally {
            buffer.release();
        }
    }

    /** 8-bit BGR from whatever OpenCV decoded; returns {@code src} itself when it already is. */
    static Mat toBgr8(Mat src) {
        Mat eight = src;
        if (src.depth() != CvType.CV_8U) {
            eight = new Mat();
            src.convertTo(eight, CvType.CV_8U, src.depth() == CvType.CV_16U ? 1 / 257.0 : 1.0);
        }
        try {
            return switch (eight.channels()) {
                case 3 -> eight == src ? src : eight.clone();
                case 1 -> convert(eight, Imgproc.COLOR_GRAY2BGR);
                case 4 -> onWhite(eight);
                default -> throw new FaceException(FaceError.IMAGE_INVALID, eight.channels() + " channels");
            };
        } finally {
            if (eight != src) {
                eight.release();
            }
        }
    }

    private static Mat convert(Mat src, int code) {
        Mat out = new Mat();
        Imgproc.cvtColor(src, out, code);
        return out;
    }

    /** BGRA composited on a white background. */
    private static Mat onWhite(Mat bgra) {
        List<Mat> channels = new ArrayList<>(4);
        Core.split(bgra, channels);
        Mat alpha = new Mat();
        Mat transparency = new Mat();
        Mat channel = new Mat();
        try {
            channels.get(3).convertTo(alpha, CvType.CV_32F, 1 / 255.0);
            Core.absdiff(alpha, Scalar.all(1.0), transparency);
            List<Mat> blended = new ArrayList<>(3);
            for (int c = 0; c < 3; c++) {
                channels.get(c).convertTo(channel, CvType.CV_32F);
                Core.multiply(channel, alpha, channel);
                Core.scaleAdd(transparency, 255.0, channel, channel);
                Mat out = new Mat();
                channel.convertTo(out, CvType.CV_8U);
                blended.add(out);
            }
            Mat bgr = new Mat();
            Core.merge(blended, bgr);
            blended.forEach(Mat::release);
            return bgr;
        } finally {
            channels.forEach(Mat::release);
            alpha.release();
            transparency.release();
            channel.release();
        }
    }

    /** The image turned upright for EXIF orientation 2..8; {@code src} itself for 1. */
    static Mat orient(Mat src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        Mat out = new Mat();
        switch (orientation) {
            case 2 -> Core.flip(src, out, 1);
            case 3 -> Core.rotate(src, out, Core.ROTATE_180);
            case 4 -> Core.flip(src, out, 0);
            case 5 -> Core.transpose(src, out);
            case 6 -> Core.rotate(src, out, Core.ROTATE_90_CLOCKWISE);
            case 7 -> {
                Core.transpose(src, out);
                Core.flip(out, out, -1);
            }
            default -> Core.rotate(src, out, Core.ROTATE_90_COUNTERCLOCKWISE);
        }
        return out;
    }
}
