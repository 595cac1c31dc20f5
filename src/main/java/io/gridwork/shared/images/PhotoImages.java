package io.gridwork.shared.images;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import io.gridwork.shared.web.ProblemException;

/**
 * Turns an upload into a photo we are willing to keep. The content must decode as an image of a
 * known format (the extension and the declared type are ignored); its size and its pixel count are
 * bounded, and the pixel count is read from the header before any pixel is decoded, so that a small
 * file claiming 50,000 × 50,000 pixels (a decompression bomb) is refused cheaply. Large images are
 * decoded subsampled. What is kept is a fresh JPEG drawn from the pixels only, so EXIF (GPS position,
 * camera make and serial, time), comments and any trailing bytes are gone; EXIF orientation is applied
 * first so that phone photos stand upright.
 */
@Component
public class PhotoImages {

    /** A re-encoded photo and its thumbnail, both JPEG. */
    public record Processed(byte[] jpeg, int width, int height, byte[] thumbnail, int thumbWidth, int thumbHeight,
            String sourceFormat, String sha256) {
    }

    private static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "bmp");

    private final long maxBytes;
    private final long maxPixels;
    private final int maxSide;
    private final int thumbSide;
    private final Semaphore decoding;

    PhotoImages(@Value("${gridwork.photos.max-size:10MB}") DataSize maxSize,
            @Value("${gridwork.photos.max-pixels:40000000}") long maxPixels,
            @Value("${gridwork.photos.max-side:2560}") int maxSide,
            @Value("${gridwork.photos.thumbnail-side:320}") int thumbSide,
            @Value("${gridwork.photos.concurrent-decodes:4}") int concurrentDecodes) {
        this.maxBytes = maxSize.toBytes();
        this.maxPixels = maxPixels;
        this.maxSide = maxSide;
        this.thumbSide = thumbSide;
        this.decoding = new Semaphore(Math.max(1, concurrentDecodes));
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Refuses an empty file or one over the size limit. */
    public void checkSize(long size, String name) {
        if (size <= 0) {
            throw ProblemException.badRequest("photo-empty", "the file " + name + " is empty", Map.of("file", name));
        }
        if (size > maxBytes) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "photo-too-large",
                    "a photo may be at most " + DataSize.ofBytes(maxBytes).toMegabytes() + " MB; " + name + " has "
                            + size + " bytes", Map.of("file", name, "maxBytes", maxBytes));
        }
    }

    /** Validates, decodes and re-encodes; refuses with a problem and a field-specific code. */
    public Processed process(byte[] content, String name) {
        checkSize(content == null ? 0 : content.length, name);
        try {
            decoding.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "busy", "interrupted while waiting to decode");
        }
        try {
            return decodeAndEncode(content, name);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "photo-corrupt",
                    name + " could not be read as an image (damaged or incomplete)", Map.of("file", name));
        } finally {
            decoding.release();
        }
    }

    private Processed decodeAndEncode(byte[] content, String name) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            ImageReader reader = readerFor(in, name);
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new IOException("no dimensions");
                }
                if (width * height > maxPixels) {
                    throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "photo-too-many-pixels",
                            name + " has " + width + "×" + height + " pixels; at most " + maxPixels / 1_000_000 + " megapixels",
                            Map.of("file", name, "width", width, "height", height, "maxPixels", maxPixels));
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                ImageReadParam param = reader.getDefaultReadParam();
                // decode no more pixels than needed: at most twice the kept size on the longer side
                int step = (int) Math.max(1, Math.max(width, height) / (2L * maxSide));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                if (!warnings.isEmpty()) {
                    // the JPEG decoder reports a truncated file as a warning and returns grey rows
                    throw new IOException("decoder warnings: " + warnings);
                }
                int orientation = "jpeg".equals(format) ? ExifOrientation.of(content) : 1;
                BufferedImage upright = orient(toRgb(decoded), orientation);
                BufferedImage kept = scaleToFit(upright, maxSide);
                BufferedImage thumb = scaleToFit(kept, thumbSide);
                byte[] jpeg = jpeg(kept, 0.85f);
                byte[] small = jpeg(thumb, 0.8f);
                return new Processed(jpeg, kept.getWidth(), kept.getHeight(), small, thumb.getWidth(), thumb.getHeight(),
                        format, sha256(jpeg));
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader readerFor(ImageInputStream in, String name) {
        if (in != null) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            while (readers.hasNext()) {
                ImageReader r = readers.next();
                try {
                    if (FORMATS.contains(r.getFormatName().toLowerCase(Locale.ROOT))) {
                        return r;
                    }
                } catch (IOException e) {
                    // try the next reader
                }
                r.dispose();
            }
        }
        throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-an-image",
                name + " is not a JPEG, PNG, GIF or BMP image", Map.of("file", name));
    }

    /** Opaque RGB on white: JPEG has no alpha, and palette or grey images are widened. */
    private static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** Applies an EXIF orientation (1–8) so that the pixels themselves stand upright. */
    static BufferedImage orient(BufferedImage src, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.translate(h, w); t.scale(-1, -1); t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }

    /** Scales down (never up) so that the longer side is at most {@code side}, halving for quality. */
    static BufferedImage scaleToFit(BufferedImage src, int side) {
        BufferedImage current = src;
        int longer = Math.max(src.getWidth(), src.getHeight());
        if (longer <= side) {
            return src;
        }
        double factor = (double) side / longer;
        int targetW = Math.max(1, (int) Math.round(src.getWidth() * factor));
        int targetH = Math.max(1, (int) Math.round(src.getHeight() * factor));
        int w = current.getWidth();
        int h = current.getHeight();
        do {
            w = Math.max(targetW, w / 2);
            h = Math.max(targetH, h / 2);
            BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(current, 0, 0, w, h, null);
            g.dispose();
            current = next;
        } while (w != targetW || h != targetH);
        return current;
    }

    /** A baseline JPEG with no metadata but the JFIF header the encoder always writes. */
    static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
