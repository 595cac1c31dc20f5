package io.gridwork.shared.images;

/**
 * Reads the EXIF orientation (tag 0x0112 of IFD0) from a JPEG's APP1 segment, so that a photo can be
 * turned upright before its EXIF is dropped. Anything unexpected means "as stored" (1); this reads
 * untrusted bytes and checks every offset.
 */
final class ExifOrientation {

    private ExifOrientation() {
    }

    static int of(byte[] jpeg) {
        try {
            return read(jpeg);
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static int read(byte[] b) {
        if (b.length < 4 || u8(b, 0) != 0xFF || u8(b, 1) != 0xD8) {
            return 1;
        }
        int pos = 2;
        while (pos + 4 <= b.length) {
            if (u8(b, pos) != 0xFF) {
                return 1;
            }
            int marker = u8(b, pos + 1);
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xFF) {
                pos += marker == 0xFF ? 1 : 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return 1; // image data starts: no EXIF before it
            }
            int length = (u8(b, pos + 2) << 8) | u8(b, pos + 3);
            int start = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > b.length) {
                return 1;
            }
            if (marker == 0xE1 && length >= 8 && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i'
                    && b[start + 3] == 'f' && b[start + 4] == 0 && b[start + 5] == 0) {
                return fromTiff(b, start + 6, end);
            }
            pos = end;
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        long ifd = u32(b, tiff + 4, little, end);
        int entries = u16(b, (int) (tiff + ifd), little, end);
        for (int i = 0; i < entries; i++) {
            int entry = (int) (tiff + ifd + 2 + 12L * i);
            if (u16(b, entry, little, end) == 0x0112) {
                int value = u16(b, entry + 8, little, end);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16(byte[] b, int i, boolean little, int end) {
        if (i < 0 || i + 2 > end) {
            throw new IndexOutOfBoundsException();
        }
        return little ? u8(b, i) | (u8(b, i + 1) << 8) : (u8(b, i) << 8) | u8(b, i + 1);
    }

    private static long u32(byte[] b, int i, boolean little, int end) {
        if (i < 0 || i + 4 > end) {
            throw new IndexOutOfBoundsException();
        }
        long v = little
                ? u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16) | ((long) u8(b, i + 3) << 24)
                : ((long) u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
        return v;
    }
}
