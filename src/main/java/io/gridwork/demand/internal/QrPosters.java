package io.gridwork.demand.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.openpdf.text.Document;
import org.openpdf.text.PageSize;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfContentByte;
import org.openpdf.text.pdf.PdfWriter;
import org.springframework.stereotype.Component;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * 码上办 posters: an A4 sheet with the place, "扫码反映问题 · 有事请您说", three short steps and a QR
 * code that opens the report form with the place filled in. One layout, drawn on two canvases: Java2D
 * for PNG (150 dpi) and OpenPDF for print (vector QR code, so it stays sharp at any size).
 */
@Component
public class QrPosters {

    /** What a poster says. {@code fallback} is used on canvases without Chinese glyphs. */
    public record Poster(String title, String slogan, String place, String area, String howTo, List<String> steps,
            String footer, String url, Poster fallback) {
    }

    static final float WIDTH = 595f;
    static final float HEIGHT = 842f;
    static final float PNG_SCALE = 150f / 72f;
    static final Color BRAND = new Color(0xB7, 0x1C, 0x1C);
    static final Color INK = new Color(0x1F, 0x29, 0x33);
    static final Color MUTED = new Color(0x66, 0x73, 0x7F);

    private final CjkFonts fonts;

    QrPosters(CjkFonts fonts) {
        this.fonts = fonts;
    }

    public boolean pngHasChinese() {
        return fonts.hasCjk();
    }

    public byte[] png(Poster poster) {
        int w = Math.round(WIDTH * PNG_SCALE);
        int h = Math.round(HEIGHT * PNG_SCALE);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            Poster p = fonts.hasCjk() || poster.fallback() == null ? poster : poster.fallback();
            draw(new Java2dCanvas(g, fonts), p);
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One page per poster. */
    public byte[] pdf(List<Poster> posters, String title) {
        var out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 0, 0, 0, 0);
        PdfWriter writer = PdfWriter.getInstance(doc, out);
        doc.addTitle(title);
        doc.addCreator("Gridwork 微网实格");
        doc.open();
        BaseFont font = fonts.pdf();
        for (int i = 0; i < posters.size(); i++) {
            if (i > 0) {
                doc.newPage();
            }
            draw(new PdfCanvas(writer.getDirectContent(), font), posters.get(i));
        }
        doc.close();
        return out.toByteArray();
    }

    /** The layout, in PDF points from the top left of an A4 page. */
    static void draw(Canvas c, Poster p) {
        c.rect(0, 0, WIDTH, 150, BRAND);
        c.text(p.title(), WIDTH / 2, 82, fit(c, p.title(), 52, WIDTH - 80), Color.WHITE, true);
        c.text(p.slogan(), WIDTH / 2, 124, fit(c, p.slogan(), 24, WIDTH - 60), Color.WHITE, false);
        c.text(p.place(), WIDTH / 2, 205, fit(c, p.place(), 30, WIDTH - 60), INK, true);
        if (p.area() != null && !p.area().isBlank()) {
            c.text(p.area(), WIDTH / 2, 235, fit(c, p.area(), 15, WIDTH - 60), MUTED, false);
        }
        float qrSize = 330;
        c.qr(matrix(p.url()), (WIDTH - qrSize) / 2, 258, qrSize);
        c.text(p.howTo(), 100, 642, 18, INK, true, false);
        float y = 672;
        for (String step : p.steps()) {
            c.text(step, 100, y, fit(c, step, 15, WIDTH - 200), INK, false, false);
            y += 26;
        }
        c.rect(60, 768, WIDTH - 120, 1.2f, BRAND);
        c.text(p.footer(), WIDTH / 2, 795, 15, BRAND, true);
        c.text(p.url(), WIDTH / 2, 818, fit(c, p.url(), 9, WIDTH - 60), MUTED, false);
    }

    /** The largest size up to {@code size} at which the text fits the width. */
    private static float fit(Canvas c, String text, float size, float width) {
        float w = c.width(text, size);
        return w <= width ? size : Math.max(6, size * width / w);
    }

    static BitMatrix matrix(String url) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        hints.put(EncodeHintType.MARGIN, 0);
        try {
            return new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode " + url + " as a QR code", e);
        }
    }

    /** What the layout draws with; coordinates in points from the top left, text positioned by its baseline. */
    interface Canvas {
        void rect(float x, float y, float w, float h, Color color);

        void text(String text, float x, float baseline, float size, Color color, boolean bold, boolean centred);

        default void text(String text, float centreX, float baseline, float size, Color color, boolean bold) {
            text(text, centreX, baseline, size, color, bold, true);
        }

        float width(String text, float size);

        /** The QR code with a quiet zone of four modules inside the square. */
        void qr(BitMatrix m, float x, float y, float size);
    }

    static final class Java2dCanvas implements Canvas {
        private final Graphics2D g;
        private final CjkFonts fonts;

        Java2dCanvas(Graphics2D g, CjkFonts fonts) {
            this.g = g;
            this.fonts = fonts;
        }

        private static int px(float pt) {
            return Math.round(pt * PNG_SCALE);
        }

        @Override
        public void rect(float x, float y, float w, float h, Color color) {
            g.setColor(color);
            g.fillRect(px(x), px(y), Math.max(1, px(w)), Math.max(1, px(h)));
        }

        @Override
        public void text(String text, float x, float baseline, float size, Color color, boolean bold, boolean centred) {
            g.setFont(fonts.awt(size * PNG_SCALE, bold));
            g.setColor(color);
            float w = g.getFontMetrics().stringWidth(text);
            g.drawString(text, centred ? px(x) - w / 2 : px(x), px(baseline));
        }

        @Override
        public float width(String text, float size) {
            return g.getFontMetrics(fonts.awt(size * PNG_SCALE, false)).stringWidth(text) / PNG_SCALE;
        }

        @Override
        public void qr(BitMatrix m, float x, float y, float size) {
            int modules = m.getWidth() + 8;
            int module = Math.max(1, px(size) / modules);
            int side = module * modules;
            int left = px(x) + (px(size) - side) / 2;
            int top = px(y) + (px(size) - side) / 2;
            g.setColor(Color.WHITE);
            g.fillRect(left, top, side, side);
            g.setColor(Color.BLACK);
            for (int r = 0; r < m.getHeight(); r++) {
                for (int col = 0; col < m.getWidth(); col++) {
                    if (m.get(col, r)) {
                        g.fillRect(left + (col + 4) * module, top + (r + 4) * module, module, module);
                    }
                }
            }
        }
    }

    static final class PdfCanvas implements Canvas {
        private final PdfContentByte cb;
        private final BaseFont font;

        PdfCanvas(PdfContentByte cb, BaseFont font) {
            this.cb = cb;
            this.font = font;
        }

        @Override
        public void rect(float x, float y, float w, float h, Color color) {
            cb.setColorFill(color);
            cb.rectangle(x, HEIGHT - y - h, w, h);
            cb.fill();
        }

        @Override
        public void text(String text, float x, float baseline, float size, Color color, boolean bold, boolean centred) {
            cb.beginText();
            cb.setFontAndSize(font, size);
            cb.setColorFill(color);
            if (bold) {
                // one weight only: a thin outline of the same colour makes it bold
                cb.setTextRenderingMode(PdfContentByte.TEXT_RENDER_MODE_FILL_STROKE);
                cb.setLineWidth(size / 32);
                cb.setColorStroke(color);
            } else {
                cb.setTextRenderingMode(PdfContentByte.TEXT_RENDER_MODE_FILL);
            }
            cb.showTextAligned(centred ? PdfContentByte.ALIGN_CENTER : PdfContentByte.ALIGN_LEFT, printable(text), x,
                    HEIGHT - baseline, 0);
            cb.endText();
        }

        @Override
        public float width(String text, float size) {
            return font.getWidthPoint(printable(text), size);
        }

        /**
         * The text with characters the font cannot show replaced: STSong-Light's GB encoding has no
         * U+00B7 middle dot, but the katakana middle dot U+30FB that Chinese typesetting uses for it.
         */
        private String printable(String text) {
            StringBuilder b = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (cp == ' ' || font.charExists(cp)) {
                    b.appendCodePoint(cp);
                } else if (cp == 0xB7 && font.charExists(0x30FB)) {
                    b.appendCodePoint(0x30FB);
                } else {
                    b.append(' ');
                }
            });
            return b.toString();
        }

        @Override
        public void qr(BitMatrix m, float x, float y, float size) {
            float module = size / (m.getWidth() + 8);
            cb.setColorFill(Color.BLACK);
            for (int r = 0; r < m.getHeight(); r++) {
                int col = 0;
                while (col < m.getWidth()) {
                    if (!m.get(col, r)) {
                        col++;
                        continue;
                    }
                    int start = col;
                    while (col < m.getWidth() && m.get(col, r)) {
                        col++;
                    }
                    // runs of dark modules as one rectangle each, slightly overlapping the next row to avoid hairlines
                    cb.rectangle(x + (start + 4) * module, HEIGHT - y - (r + 5) * module, (col - start) * module, module + 0.05f);
                }
            }
            cb.fill();
        }
    }
}
