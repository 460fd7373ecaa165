package io.visage.imaging;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.imaging.testing.NativeHeap;
import io.visage.imaging.testing.TestData;

/**
 * Every native image made on a decoding, cropping or tensor path is released, on the error paths too: malloc's
 * bytes in use (all of OpenCV's pixel data comes from it) do not grow over a run, before any collection could
 * free a forgotten Mat. The bound is a tenth of the smallest image a path makes, so a single missing
 * {@code release()} fails the test.
 */
public class NativeReleaseTest {

    private static final int WARMUP = 20;
    private static final int RUNS = 41;

    private static OpenCvImageDecoder decoder;

    @BeforeClass
    public static void load() {
        NativeHeap.assumeAvailable();
        decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
    }

    private static void assertNoGrowth(String path, long smallestImageBytes, Runnable body) {
        long perRun = NativeHeap.medianGrowthPerRun(WARMUP, RUNS, body);
        assertTrue(path + ": malloc'd memory grows by " + perRun + " B per run (smallest image of the path "
                + smallestImageBytes + " B)", perRun < smallestImageBytes / 10);
    }

    @Test
    public void decodingAJpegTurnedByItsExifOrientation() {
        byte[] vga = TestData.read("liveness/live/sfas__image_T1.jpg"); // 640x480, EXIF 6: decoded, then rotated
        assertNoGrowth("JPEG, EXIF 6", 640 * 480 * 3, () -> decoder.decode(vga).close());
    }

    @Test
    public void decodingAPngWithAlpha() {
        byte[] png = TestData.read("misc/facerec__32bit.png"); // 4 channels: split, blended on white, merged
        try (FaceImage image = decoder.decode(png)) {
            assertNoGrowth("PNG with alpha", (long) image.width() * image.height(), () -> decoder.decode(png).close());
        }
    }

    @Test
    public void refusingATruncatedJpeg() {
        byte[] vga = TestData.read("liveness/live/sfas__image_T1.jpg");
        byte[] truncated = Arrays.copyOf(vga, vga.length / 2);
        assertNoGrowth("truncated JPEG", 640 * 480 * 3, () -> {
            try {
                decoder.decode(truncated).close();
            } catch (FaceException refused) {
                // refused or decoded in part: either way nothing may stay behind
            }
        });
    }

    @Test
    public void refusingGarbageAfterAValidHeader() {
        byte[] vga = TestData.read("liveness/live/sfas__image_T1.jpg");
        byte[] garbage = Arrays.copyOf(vga, vga.length);
        for (int i = 700; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31);
        }
        assertNoGrowth("JPEG with garbage data", 640 * 480 * 3, () -> {
            try {
                decoder.decode(garbage).close();
            } catch (FaceException refused) {
                // the expected answer
            }
        });
    }

    @Test
    public void rejectingAnImageOfAnUnsupportedKind() {
        Mat twoChannels = new Mat(64, 64, CvType.CV_8UC2, Scalar.all(7));
        try {
            new MatImage(twoChannels);
            fail("a 2-channel image is refused");
        } catch (IllegalArgumentException expected) {
            // and its Mat released, below
        }
        assertNoGrowth("MatImage refusing a Mat", 64 * 64 * 2, () -> {
            try {
                new MatImage(new Mat(64, 64, CvType.CV_8UC2, Scalar.all(7)));
            } catch (IllegalArgumentException expected) {
                // refused
            }
        });
    }

    @Test
    public void croppingAcrossTheImageBorder() {
        Mat src = new Mat(480, 640, CvType.CV_8UC3, Scalar.all(90));
        try {
            Rect outside = new Rect(-40, -30, 300, 300);
            assertNoGrowth("cropResized", 112 * 112 * 3, () -> Crops.cropResized(src, outside, 112, 112).release());
            assertNoGrowth("cropPadded", 300 * 300 * 3, () -> Crops.cropPadded(src, outside).release());
        } finally {
            src.release();
        }
    }

    @Test
    public void makingTensorsWithAColourConversion() {
        Mat bgr = new Mat(112, 112, CvType.CV_8UC3, Scalar.all(90));
        Mat gray = new Mat(112, 112, CvType.CV_8UC1, Scalar.all(90));
        Mat wide = new Mat(112, 224, CvType.CV_8UC3, Scalar.all(90));
        Mat notContinuous = wide.submat(new Rect(0, 0, 112, 112));
        try {
            List<Double> mean = List.of(127.5);
            List<Double> std = List.of(128.0);
            assertNoGrowth("chw BGR to GRAY", 112 * 112, () -> Tensors.chw(bgr, "GRAY", mean, std));
            assertNoGrowth("chw GRAY to RGB", 112 * 112 * 3, () -> Tensors.chw(gray, "RGB", mean, std));
            assertNoGrowth("chw of a view", 112 * 112 * 3, () -> Tensors.chw(notContinuous, "BGR", mean, std));
        } finally {
            notContinuous.release();
            wide.release();
            gray.release();
            bgr.release();
        }
    }
}
