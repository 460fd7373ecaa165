package io.visage.imaging.internal;

import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;

/**
 * What the first bytes of an upload say: the format (by magic bytes, never by name), the stored size and the
 * EXIF orientation, plus a structural completeness check, all without decoding pixels.
 *
 * @param format      the container format
 * @param width       stored width (before orientation)
 * @param height      stored height (before orientation)
 * @param orientation EXIF orientation 1..8 (JPEG's APP1, PNG's eXIf chunk, an extended WebP's EXIF chunk); 1 when
 *                    absent or invalid (for example 0)
 */
record ImageHeader(Format format, int width, int height, int orientation) {

    enum Format { JPEG, PNG, WEBP, BMP }

    /** Reads the header. */
    static ImageHeader read(byte[] b) {
        Format format = sniff(b);
        if (format == null) {
            throw new FaceException(FaceError.IMAGE_INVALID, "unsupported format (magic bytes)");
        }
        try {
            return switch (format) {
                case JPEG -> jpeg(b);
                case PNG -> png(b);
                case WEBP -> webp(b);
                case BMP -> bmp(b);
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new FaceException(FaceError.IMAGE_CORRUPTED, format + " header truncated");
        }
    }

    static Format sniff(byte[] b) {
        if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return Format.JPEG;
        }
        if (b.length >= 8 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && u8(b, 4) == 0x0D
                && u8(b, 5) == 0x0A && u8(b, 6) == 0x1A && u8(b, 7) == 0x0A) {
            return Format.PNG;
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return Format.WEBP;
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return Format.BMP;
        }
        return null;
    }

    private static ImageHeader jpeg(byte[] b) {
        int orientation = 1;
        int width = -1;
        int height = -1;
        int pos = 2;
        while (true) {
            while (u8(b, pos) == 0xFF && u8(b, pos + 1) == 0xFF) {
                pos++;
            }
            if (u8(b, pos) != 0xFF) {
                throw corrupted("JPEG marker expected at " + pos);
            }
            int marker = u8(b, pos + 1);
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2;
                continue;
            }
            if (marker == 0xD9) {
                throw corrupted("JPEG ends before its scan");
            }
            int length = u16be(b, pos + 2);
            int segment = pos + 4;
            if (marker == 0xE1 && length >= 8 && b[segment] == 'E' && b[segment + 1] == 'x' && b[segment + 2] == 'i'
                    && b[segment + 3] == 'f' && b[segment + 4] == 0 && b[segment + 5] == 0) {
                orientation = exifOrientation(b, segment + 6, pos + 2 + length);
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                height = u16be(b, segment + 1);
                width = u16be(b, segment + 3);
            } else if (marker == 0xDA) {
                if (width <= 0 || height <= 0) {
                    throw corrupted("JPEG scan without a frame header");
                }
                int scan = pos + 2 + length;
                if (!endsWithEoiAfter(b, scan)) {
                    throw corrupted("JPEG truncated (no end-of-image marker after the scan)");
                }
                return new ImageHeader(Format.JPEG, width, height, orientation);
            }
            pos += 2 + length;
        }
    }

    private static boolean endsWithEoiAfter(byte[] b, int from) {
        for (int i = b.length - 2; i >= from; i--) {
            if (u8(b, i) == 0xFF && u8(b, i + 1) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    /** The orientation tag of IFD0 of the TIFF structure at {@code tiff}; 1 unless it is 1..8. */
    private static int exifOrientation(byte[] b, int tiff, int end) {
        try {
            boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
            if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) {
                return 1;
            }
            int ifd = tiff + (int) u32(b, tiff + 4, little);
            int entries = u16(b, ifd, little);
            for (int i = 0; i < entries; i++) {
                int entry = ifd + 2 + i * 12;
                if (entry + 12 > end) {
                    return 1;
                }
                if (u16(b, entry, little) == 0x0112) {
                    int value = u16(b, entry + 8, little);
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return 1;
        }
        return 1;
    }

    private static ImageHeader png(byte[] b) {
        if (!(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
            throw corrupted("PNG without IHDR");
        }
        int width = (int) u32(b, 16, false);
        int height = (int) u32(b, 20, false);
        long allowed = maxPngData(width, height, u8(b, 24), u8(b, 25), u8(b, 28));
        long data = 0;
        long pos = 8;
        int orientation = 1;
        while (true) {
            if (pos + 12 > b.length) {
                throw corrupted("PNG truncated (no IEND chunk)");
            }
            long length = u32(b, (int) pos, false);
            int type = (int) pos + 4;
            if (b[type] == 'I' && b[type + 1] == 'E' && b[type + 2] == 'N' && b[type + 3] == 'D') {
                return new ImageHeader(Format.PNG, width, height, orientation);
            }
            if (b[type] == 'e' && b[type + 1] == 'X' && b[type + 2] == 'I' && b[type + 3] == 'f'
                    && pos + 12 + length <= b.length) {
                // PNG 1.5's eXIf chunk: the TIFF structure of an EXIF block, as in a JPEG's APP1 after "Exif\0\0".
                orientation = exifOrientation(b, type + 4, (int) (type + 4 + length));
            }
            if (b[type] == 'I' && b[type + 1] == 'D' && b[type + 2] == 'A' && b[type + 3] == 'T') {
                data += length;
                if (data > allowed) {
                    // Deflate never needs much more room than the raw rows: more data than that cannot be
                    // this image, and inflating it all (a decompression bomb under a small header) is refused.
                    throw corrupted("PNG data larger than its " + width + "x" + height + " header allows");
                }
            }
            pos += 12 + length;
        }
    }

    /**
     * The most compressed image data a PNG of this size can need: its raw rows (a filter byte each, Adam7 adds
     * up to seven passes of them) stored without compression, plus deflate's block overhead and a margin.
     */
    private static long maxPngData(int width, int height, int bitDepth, int colourType, int interlace) {
        int channels = switch (colourType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
        long w = Math.max(0, width);
        long h = Math.max(0, height);
        long rowBytes = (w * channels * Math.max(1, bitDepth) + 7) / 8;
        long raw = h * (1 + rowBytes) + (interlace == 0 ? 0 : 7 * (h + 1) * 2);
        return raw + raw / 64 + 1024;
    }

    private static ImageHeader webp(byte[] b) {
        long riffSize = u32(b, 4, true);
        if (riffSize + 8 > b.length) {
            throw corrupted("WebP truncated");
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        int data = 20;
        return switch (chunk) {
            case "VP8 " -> {
                if (u8(b, data + 3) != 0x9D || u8(b, data + 4) != 0x01 || u8(b, data + 5) != 0x2A) {
                    throw corrupted("WebP VP8 start code missing");
                }
                yield new ImageHeader(Format.WEBP, u16(b, data + 6, true) & 0x3FFF, u16(b, data + 8, true) & 0x3FFF, 1);
            }
            case "VP8L" -> {
                if (u8(b, data) != 0x2F) {
                    throw corrupted("WebP VP8L signature missing");
                }
                long bits = u32(b, data + 1, true);
                yield new ImageHeader(Format.WEBP, (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1, 1);
            }
            case "VP8X" -> new ImageHeader(Format.WEBP, u24(b, data + 4) + 1, u24(b, data + 7) + 1,
                    (u8(b, data) & 0x08) != 0 ? webpExifOrientation(b) : 1);
            default -> throw corrupted("WebP chunk " + chunk + " unknown");
        };
    }

    /**
     * The orientation in the EXIF chunk of an extended (VP8X) WebP: its payload is the TIFF structure, which some
     * writers precede with JPEG's "Exif\0\0"; 1 without one.
     */
    private static int webpExifOrientation(byte[] b) {
        int pos = 12;
        while (pos + 8 <= b.length) {
            long length = u32(b, pos + 4, true);
            int payload = pos + 8;
            if (b[pos] == 'E' && b[pos + 1] == 'X' && b[pos + 2] == 'I' && b[pos + 3] == 'F') {
                int end = (int) Math.min(b.length, payload + length);
                boolean prefixed = payload + 6 <= end && b[payload] == 'E' && b[payload + 1] == 'x'
                        && b[payload + 2] == 'i' && b[payload + 3] == 'f' && b[payload + 4] == 0 && b[payload + 5] == 0;
                return exifOrientation(b, prefixed ? payload + 6 : payload, end);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, payload + length + (length & 1));
        }
        return 1;
    }

    private static ImageHeader bmp(byte[] b) {
        long fileSize = u32(b, 2, true);
        if (fileSize > b.length) {
            throw corrupted("BMP truncated");
        }
        long headerSize = u32(b, 14, true);
        if (headerSize == 12) {
            return new ImageHeader(Format.BMP, u16(b, 18, true), u16(b, 20, true), 1);
        }
        int width = (int) u32(b, 18, true);
        int height = Math.abs((int) u32(b, 22, true));
        return new ImageHeader(Format.BMP, width, height, 1);
    }

    private static FaceException corrupted(String detail) {
        return new FaceException(FaceError.IMAGE_CORRUPTED, detail);
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16be(byte[] b, int i) {
        return u8(b, i) << 8 | u8(b, i + 1);
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? u8(b, i) | u8(b, i + 1) << 8 : u16be(b, i);
    }

    private static int u24(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16;
    }

    private static long u32(byte[] b, int i, boolean little) {
        return little
                ? (u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16 | (long) u8(b, i + 3) << 24)
                : ((long) u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3));
    }
}
