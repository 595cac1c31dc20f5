package io.gridwork.lists.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import io.gridwork.shared.web.ProblemException;

/**
 * Evidence photos of the rectification list, kept minimal: the content must decode as a JPEG, PNG, GIF or
 * BMP image (name and declared type are ignored), size and pixel count are bounded (the pixel count is
 * read from the header before decoding, so a decompression bomb is refused cheaply), and what is kept is
 * a fresh JPEG drawn from the pixels only, without EXIF or anything else the upload carried.
 */
@Component
class EvidencePhotos {

    record Kept(byte[] jpeg, int width, int height) {
    }

    private static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "bmp");

    private final long maxBytes;
    private final long maxPixels;
    private final int maxSide;

    EvidencePhotos(@Value("${gridwork.photos.max-size:10MB}") DataSize maxSize,
            @Value("${gridwork.photos.max-pixels:40000000}") long maxPixels,
            @Value("${gridwork.lists.photo-side:1600}") int maxSide) {
        this.maxBytes = maxSize.toBytes();
        this.maxPixels = maxPixels;
        this.maxSide = maxSide;
    }

    Kept process(byte[] content, String name) {
        if (content == null || content.length == 0) {
            throw ProblemException.badRequest("photo-empty", "the file " + name + " is empty", Map.of("file", name));
        }
        if (content.length > maxBytes) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "photo-too-large",
                    "a photo may be at most " + DataSize.ofBytes(maxBytes).toMegabytes() + " MB", Map.of("file", name));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            ImageReader reader = reader(in, name);
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new IOException("no dimensions");
                }
                if (w * h > maxPixels) {
                    throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "photo-too-many-pixels",
                            name + " has " + w + "×" + h + " pixels", Map.of("file", name));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, Math.max(w, h) / (2L * maxSide));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage src = reader.read(0, param);
                double scale = Math.min(1.0, (double) maxSide / Math.max(src.getWidth(), src.getHeight()));
                int tw = Math.max(1, (int) Math.round(src.getWidth() * scale));
                int th = Math.max(1, (int) Math.round(src.getHeight() * scale));
                BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = out.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, tw, th);
                g.drawImage(src, 0, 0, tw, th, null);
                g.dispose();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                if (!ImageIO.write(out, "jpeg", bytes)) {
                    throw new IOException("no JPEG writer");
                }
                return new Kept(bytes.toByteArray(), tw, th);
            } finally {
                reader.dispose();
            }
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "photo-corrupt",
                    name + " could not be read as an image", Map.of("file", name));
        }
    }

    private static ImageReader reader(ImageInputStream in, String name) {
        if (in != null) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            while (readers.hasNext()) {
                ImageReader r = readers.next();
                try {
                    if (FORMATS.contains(r.getFormatName().toLowerCase(Locale.ROOT))) {
                        return r;
                    }
                } catch (IOException e) {
                    // next
                }
                r.dispose();
            }
        }
        throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-an-image",
                name + " is not a JPEG, PNG, GIF or BMP image", Map.of("file", name));
    }
}
