package io.visage.itests;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

/**
 * Images made in the test from the shared samples (never stored in the repository): the capture states the
 * samples do not cover, and hostile uploads. Geometry measured with the production detector and capture
 * checker (default settings) on {@code faces/df_j/deepface__img18.jpg} (1200x1200, detected face box
 * about 392..826 x 191..779, centred): see the comments of each method.
 */
final class FaceImages {
    /** A square, centred, no-EXIF portrait with one large face. */
    static final String PORTRAIT = "faces/df_j/deepface__img18.jpg";

    private FaceImages() {
    }

    static BufferedImage decode(byte[] encoded) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        if (image == null) {
            throw new IOException("ImageIO cannot read the sample");
        }
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer");
        }
        return out.toByteArray();
    }

    /** {@code source} scaled to {@code size} wide, drawn at (x, y) on a white w x h canvas (parts outside are cut). */
    static BufferedImage onWhiteCanvas(BufferedImage source, int width, int height, int size, int x, int y) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, x, y, size, size * source.getHeight() / source.getWidth(), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static BufferedImage crop(BufferedImage source, int x, int y, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(source.getSubimage(x, y, width, height), 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Too far: the portrait shrunk to 400 px in the middle of a white 1600x1600 canvas. The face is then
     * about 145 px wide, 0.09 of the image width (minimum 0.15), and still detected (the letterbox keeps
     * about 22 px of it).
     */
    static byte[] tooFar(BufferedImage portrait) throws IOException {
        return png(onWhiteCanvas(portrait, 1600, 1600, 400, 600, 600));
    }

    /** Too close: a 428x428 crop inside the face itself; the detected box spans the whole width (maximum 0.97). */
    static byte[] tooClose(BufferedImage portrait) throws IOException {
        int s = portrait.getWidth() / 1200;
        return png(crop(portrait, 406 * s, 262 * s, 428 * s, 428 * s));
    }

    /**
     * Not centred: the portrait at 400 px, shifted 120 px out of the left edge of a white 600x800 portrait
     * canvas. The face (about 11..155 px) is 0.24 of the width, complete, and its centre lies 0.36 of the
     * width from the image centre (maximum 0.25).
     */
    static byte[] descentralized(BufferedImage portrait) throws IOException {
        return png(onWhiteCanvas(portrait, 600, 800, 400, -120, 0));
    }

    /**
     * A valid PNG of {@code side} x {@code side} gray pixels, all zero: a few hundred KB that would decode
     * to side² bytes (400 MB for 20000). IHDR, one IDAT with the real deflated scanlines, IEND.
     */
    static byte[] pngBomb(int side) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] row = new byte[side + 1]; // filter byte 0 + side zero pixels
        byte[] buffer = new byte[64 * 1024];
        for (int y = 0; y < side; y++) {
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
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(ihdr);
        header.writeInt(side);
        header.writeInt(side);
        header.writeByte(8); // bit depth
        header.writeByte(0); // gray
        header.writeByte(0);
        header.writeByte(0);
        header.writeByte(0);
        chunk(png, "IHDR", ihdr.toByteArray());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(typeBytes);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    static byte[] truncated(byte[] encoded, double fraction) {
        return Arrays.copyOf(encoded, (int) (encoded.length * fraction));
    }
}
