package io.visage.imaging;

import io.visage.imaging.testing.TestData;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.stream.Collectors;

import org.junit.BeforeClass;
import org.junit.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.imaging.internal.OpenCvImageDecoder;

public class OpenCvImageDecoderTest {

    private static OpenCvImageDecoder decoder;

    @BeforeClass
    public static void load() {
        decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
    }

    @Test
    public void decodesEveryImageOfTheSharedData() throws IOException {
        Path dir = TestData.dir();
        List<String> rows = Files.readAllLines(dir.resolve("manifest.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            try (FaceImage image = decoder.decode(Files.readAllBytes(dir.resolve(f[0])))) {
                int w = Integer.parseInt(f[10]);
                int h = Integer.parseInt(f[11]);
                boolean turned = f[12].equals("6") || f[12].equals("8");
                assertEquals(f[0], turned ? Math.min(w, h) : w, turned ? Math.min(image.width(), image.height())
                        : image.width());
            }
        }
    }

    @Test
    public void appliesExifOrientation6And8AndIgnoresTheInvalid0() {
        try (FaceImage six = decoder.decode(TestData.read("liveness/live/sfas__image_T1.jpg"));
             FaceImage eight = decoder.decode(TestData.read("liveness/live/sfashist__image_T1_c3e2048.jpg"));
             FaceImage zero = decoder.decode(TestData.read("liveness/live/sfashist__image_T2_c3e2048.jpg"))) {
            assertEquals("stored 640x480 with orientation 6", List.of(480, 640), List.of(six.width(), six.height()));
            assertEquals("stored 2166x1560 with orientation 8", List.of(1560, 2166),
                    List.of(eight.width(), eight.height()));
            assertEquals("orientation 0 is invalid: as stored", List.of(1617, 2160),
                    List.of(zero.width(), zero.height()));
        }
    }

    @Test
    public void appliesTheOrientationOfAPngsExifChunk() {
        Mat photo = uprightPhoto();
        try (FaceImage plain = decoder.decode(encode(photo, ".png"));
             FaceImage six = decoder.decode(pngWithOrientation(encode(photo, ".png"), 6));
             FaceImage eight = decoder.decode(pngWithOrientation(encode(photo, ".png"), 8))) {
            assertTurned(Images.mat(plain), Images.mat(six), org.opencv.core.Core.ROTATE_90_CLOCKWISE);
            assertTurned(Images.mat(plain), Images.mat(eight), org.opencv.core.Core.ROTATE_90_COUNTERCLOCKWISE);
        } finally {
            photo.release();
        }
    }

    @Test
    public void appliesTheOrientationOfAWebpsExifChunk() {
        Mat photo = uprightPhoto();
        MatOfInt lossless = new MatOfInt(Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
        MatOfByte out = new MatOfByte();
        try {
            Imgcodecs.imencode(".webp", photo, out, lossless);
            byte[] webp = out.toArray();
            try (FaceImage plain = decoder.decode(webp);
                 FaceImage six = decoder.decode(webpWithOrientation(webp, photo.cols(), photo.rows(), 6, false));
                 FaceImage three = decoder.decode(webpWithOrientation(webp, photo.cols(), photo.rows(), 3, true))) {
                assertTurned(Images.mat(plain), Images.mat(six), org.opencv.core.Core.ROTATE_90_CLOCKWISE);
                assertTurned(Images.mat(plain), Images.mat(three), org.opencv.core.Core.ROTATE_180);
            }
        } finally {
            out.release();
            lossless.release();
            photo.release();
        }
    }

    /** A labelled photo (330x512, not square), upright, as stored pixels for the containers above. */
    private static Mat uprightPhoto() {
        try (FaceImage image = decoder.decode(TestData.read("faces/df_a/deepface__img5.jpg"))) {
            return Images.mat(image).clone();
        }
    }

    private static void assertTurned(Mat stored, Mat decoded, int rotation) {
        Mat expected = new Mat();
        Mat diff = new Mat();
        try {
            org.opencv.core.Core.rotate(stored, expected, rotation);
            assertEquals(List.of(expected.cols(), expected.rows()), List.of(decoded.cols(), decoded.rows()));
            org.opencv.core.Core.absdiff(expected, decoded, diff);
            assertEquals("pixels of the turned image", 0.0, org.opencv.core.Core.sumElems(diff).val[0], 0.0);
        } finally {
            diff.release();
            expected.release();
        }
    }

    /** A TIFF structure (big-endian) whose IFD0 holds the orientation tag alone. */
    private static byte[] tiffWithOrientation(int orientation) {
        return ByteBuffer.allocate(26).put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation)
                .putShort((short) 0).putInt(0).array();
    }

    /** Inserts an eXIf chunk with the given orientation after the IHDR chunk (8 + 25 bytes into the file). */
    private static byte[] pngWithOrientation(byte[] png, int orientation) {
        byte[] tiff = tiffWithOrientation(orientation);
        byte[] type = {'e', 'X', 'I', 'f'};
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(tiff);
        ByteBuffer chunk = ByteBuffer.allocate(12 + tiff.length).putInt(tiff.length).put(type).put(tiff)
                .putInt((int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        out.write(chunk.array(), 0, chunk.capacity());
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    /**
     * The simple WebP turned into an extended one: a VP8X chunk announcing EXIF, the image chunk, an EXIF chunk
     * with the orientation (its TIFF structure after "Exif\0\0" when {@code prefixed}, as some writers do).
     */
    private static byte[] webpWithOrientation(byte[] webp, int width, int height, int orientation, boolean prefixed) {
        byte[] tiff = tiffWithOrientation(orientation);
        int exifLength = tiff.length + (prefixed ? 6 : 0);
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        vp8x.put(new byte[] {'V', 'P', '8', 'X'}).putInt(10).put((byte) 0x08).put(new byte[3]);
        vp8x.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        vp8x.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        ByteBuffer exif = ByteBuffer.allocate(8 + exifLength + (exifLength & 1)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        exif.put(new byte[] {'E', 'X', 'I', 'F'}).putInt(exifLength);
        if (prefixed) {
            exif.put(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        }
        exif.put(tiff);
        int body = 4 + vp8x.capacity() + (webp.length - 12) + exif.capacity();
        ByteBuffer out = ByteBuffer.allocate(8 + body).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(body).put(new byte[] {'W', 'E', 'B', 'P'});
        out.put(vp8x.array()).put(webp, 12, webp.length - 12).put(exif.array());
        return out.array();
    }

    @Test
    public void rotatesClockwiseForOrientation6() {
        // A 2x1 image, left pixel black and right white, rotated 90 degrees clockwise: black on top.
        Mat src = new Mat(1, 2, org.opencv.core.CvType.CV_8UC3);
        src.put(0, 0, new byte[] {0, 0, 0, -1, -1, -1});
        try (FaceImage image = decoder.decode(jpegWithOrientation(encode(src, ".png"), 6))) {
            fail("a PNG with a JPEG header is not valid: " + image);
        } catch (FaceException expected) {
            // the PNG bytes are not JPEG: the point of this test is below
        }
        byte[] jpeg = encode(src, ".jpg");
        try (FaceImage image = decoder.decode(jpegWithOrientation(jpeg, 6))) {
            assertEquals(1, image.width());
            assertEquals(2, image.height());
            Mat m = Images.mat(image);
            assertTrue("top dark", (m.get(0, 0)[0]) < (m.get(1, 0)[0]));
        } finally {
            src.release();
        }
    }

    @Test
    public void decodesRgbaPngOnWhiteAndBmpAndWebpNamedJpg(){
        try (FaceImage rgba = decoder.decode(TestData.read("misc/facerec__32bit.png"))) {
            assertEquals(3, Images.mat(rgba).channels());
        }
        byte[] png = TestData.read("faces/bbt_amy/faceapi__amy1.png");
        try (FaceImage source = decoder.decode(png)) {
            byte[] webp = encode(Images.mat(source), ".webp");
            byte[] bmp = encode(Images.mat(source), ".bmp");
            try (FaceImage fromWebp = decoder.decode(webp); FaceImage fromBmp = decoder.decode(bmp)) {
                assertEquals(150, fromWebp.width());
                assertEquals(150, fromBmp.height());
            }
        }
    }

    @Test
    public void refusesAHugePngFromItsHeaderBeforeDecoding() throws IOException {
        byte[] png = blankPng(20_000, 20_000);
        assertTrue("a few hundred KB: " + png.length, png.length < 1_000_000);
        long start = System.nanoTime();
        expect(FaceError.IMAGE_INVALID, png);
        assertTrue("refused from the header", System.nanoTime() - start < 500_000_000L);
    }

    /** 1x1 in the header, 100 MB once inflated: refused from the sizes, without inflating it. */
    @Test
    public void refusesAPngWhoseDataCannotMatchItsHeader() throws IOException {
        byte[] bomb = blankPng(1, 1, 10_000, 10_000);
        assertTrue("about 100 KB: " + bomb.length, bomb.length > 50_000);
        expect(FaceError.IMAGE_CORRUPTED, bomb);
        // Noise does not compress: a real image whose data is about its raw size still decodes.
        Mat noise = new Mat(300, 400, org.opencv.core.CvType.CV_8UC3);
        org.opencv.core.Core.randu(noise, 0, 256);
        try (FaceImage image = decoder.decode(encode(noise, ".png"))) {
            assertEquals(400, image.width());
        } finally {
            noise.release();
        }
    }

    @Test
    public void refusesTruncatedAndGarbledImages() {
        byte[] jpeg = TestData.read("faces/fr_obama/facerec__obama-240p.jpg");
        expect(FaceError.IMAGE_CORRUPTED, Arrays.copyOf(jpeg, jpeg.length / 2));
        expect(FaceError.IMAGE_CORRUPTED, Arrays.copyOf(jpeg, 200));
        byte[] png = TestData.read("faces/bbt_amy/faceapi__amy1.png");
        expect(FaceError.IMAGE_CORRUPTED, Arrays.copyOf(png, png.length - 100));
        byte[] garbled = png.clone();
        for (int i = 200; i < garbled.length - 100; i++) {
            garbled[i] = (byte) (i * 31);
        }
        expect(FaceError.IMAGE_CORRUPTED, garbled);
        expect(FaceError.IMAGE_INVALID, "GIF89a not supported".getBytes(StandardCharsets.US_ASCII));
        expect(FaceError.IMAGE_INVALID, "just some text".getBytes(StandardCharsets.US_ASCII));
        expect(FaceError.IMAGE_WRONG_FORMAT, new byte[0]);
        expect(FaceError.IMAGE_WRONG_FORMAT, null);
    }

    @Test
    public void refusesTooManyBytes() {
        OpenCvImageDecoder small = new OpenCvImageDecoder(new OpenCvImageDecoder.Limits(1000, 50_000_000L, 12_000));
        try {
            small.decode(TestData.read("faces/bbt_amy/faceapi__amy1.png"));
            fail();
        } catch (FaceException e) {
            assertEquals(FaceError.IMAGE_INVALID, e.error());
        }
    }

    private static void expect(FaceError error, byte[] bytes) {
        try (FaceImage image = decoder.decode(bytes)) {
            fail("expected " + error + " but decoded " + image);
        } catch (FaceException e) {
            assertEquals(e.toString(), error, e.error());
        }
    }

    private static byte[] encode(Mat image, String ext) {
        MatOfByte out = new MatOfByte();
        try {
            Imgcodecs.imencode(ext, image, out, new MatOfInt());
            return out.toArray();
        } finally {
            out.release();
        }
    }

    /** Inserts an APP1 Exif segment with the given orientation after the SOI marker. */
    private static byte[] jpegWithOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        byte[] exif = ByteBuffer.allocate(6 + 26).put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff.array()).array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A valid gray PNG of the given size, all zero: deflate makes it tiny. */
    static byte[] blankPng(int width, int height) throws IOException {
        return blankPng(width, height, width, height);
    }

    /** A gray PNG whose header says one size and whose (all zero) rows are of another. */
    static byte[] blankPng(int width, int height, int dataWidth, int dataHeight) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9);
        byte[] row = new byte[dataWidth + 1];
        byte[] buffer = new byte[1 << 16];
        for (int y = 0; y < dataHeight; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                int n = deflater.deflate(buffer);
                idat.write(buffer, 0, n);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            idat.write(buffer, 0, n);
        }
        deflater.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(t);
        png.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static String names(List<String> l) {
        return l.stream().collect(Collectors.joining(","));
    }
}
