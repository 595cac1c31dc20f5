package io.gridwork.demand.internal;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.openpdf.text.pdf.BaseFont;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Fonts with Chinese glyphs for what Gridwork draws itself (posters as PNG and PDF). Java's own fonts
 * have no Chinese, and a fresh server may have none either, so:
 * <ul>
 * <li>{@code gridwork.fonts.cjk} may name a TrueType/OpenType file (.ttf, .otf, .ttc);</li>
 * <li>"auto" (the default) looks for a CJK font in the usual font folders of Linux, macOS and Windows
 * (WenQuanYi, Noto/Source Han, Droid Sans Fallback, AR PL, PingFang, Microsoft YaHei, SimHei ...);</li>
 * <li>"none" uses no font file.</li>
 * </ul>
 * PDFs embed the subset of the font file they use; without a file they use STSong-Light with the
 * UniGB-UCS2-H encoding, one of the standard CJK fonts that every PDF reader supplies (the metrics
 * and CMaps ship inside OpenPDF), so a PDF is always right. PNGs need the glyphs at hand: without a
 * font file they fall back to Latin text, and {@link #hasCjk()} says so.
 */
@Component
public class CjkFonts implements io.gridwork.demand.PrintFonts {

    private static final Logger log = LoggerFactory.getLogger(CjkFonts.class);

    /** Characters every poster shows; a font that lacks one of them is no use. */
    static final String SAMPLE = "码上办扫码反映问题有事请您说单元栋小区社区街道网格";

    private static final List<String> FOLDERS = List.of("/usr/share/fonts", "/usr/local/share/fonts",
            System.getProperty("user.home") + "/.fonts", System.getProperty("user.home") + "/.local/share/fonts",
            "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts");

    /** File-name hints of CJK fonts, best first (sans-serif fonts that read well on a poster). */
    private static final List<String> HINTS = List.of("wqy-microhei", "notosanscjk", "notosanssc", "sourcehansans",
            "wqy-zenhei", "droidsansfallback", "msyh", "pingfang", "simhei", "uming", "ukai", "notoserifcjk", "simsun");

    private final Font awtFont;
    private final String pdfFontFile;
    private volatile BaseFont pdfFont;

    CjkFonts(@Value("${gridwork.fonts.cjk:auto}") String setting) {
        Font font = null;
        String file = null;
        for (Path candidate : candidates(setting)) {
            Optional<Font> f = load(candidate);
            if (f.isPresent()) {
                font = f.get();
                file = candidate.toString();
                break;
            }
        }
        this.awtFont = font;
        this.pdfFontFile = file;
        if (font == null) {
            log.warn("未找到中文字体（gridwork.fonts.cjk={}）：PDF 海报使用标准的 STSong-Light 字体，PNG 海报只能写拉丁字母。"
                    + "请安装一种中文字体（例如 Debian 的 fonts-wqy-microhei），或把 GRIDWORK_CJK_FONT 设为 .ttf/.ttc/.otf 文件。"
                    + " / No font with Chinese glyphs found: install one (e.g. fonts-wqy-microhei) or set GRIDWORK_CJK_FONT.",
                    setting);
        } else {
            log.info("Chinese font for posters: {} ({})", font.getFontName(Locale.ROOT), file);
        }
    }

    /** True when PNGs can show Chinese. */
    public boolean hasCjk() {
        return awtFont != null;
    }

    /** The font file that PDFs embed, if any. */
    public Optional<String> fontFile() {
        return Optional.ofNullable(pdfFontFile);
    }

    /** A Java2D font of that size: the CJK font, or the logical sans-serif font as fallback. */
    public Font awt(float size, boolean bold) {
        Font base = awtFont != null ? awtFont : new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        return base.deriveFont(bold ? Font.BOLD : Font.PLAIN, size);
    }

    /** The PDF font: the font file embedded as a subset, or STSong-Light (not embedded). */
    @Override
    public BaseFont pdf() {
        BaseFont f = pdfFont;
        if (f == null) {
            synchronized (this) {
                if (pdfFont == null) {
                    pdfFont = createPdfFont();
                }
                f = pdfFont;
            }
        }
        return f;
    }

    private BaseFont createPdfFont() {
        if (pdfFontFile != null) {
            String name = pdfFontFile.toLowerCase(Locale.ROOT).endsWith(".ttc") ? pdfFontFile + ",0" : pdfFontFile;
            try {
                BaseFont f = BaseFont.createFont(name, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
                if (SAMPLE.codePoints().allMatch(f::charExists)) {
                    return f;
                }
            } catch (Exception e) {
                log.warn("Cannot embed {} in PDFs ({}); using STSong-Light", pdfFontFile, e.toString());
            }
        }
        try {
            return BaseFont.createFont("STSong-Light", "UniGB-UCS2-H", BaseFont.NOT_EMBEDDED);
        } catch (Exception e) {
            throw new IllegalStateException("OpenPDF's STSong-Light font is missing", e);
        }
    }

    private static List<Path> candidates(String setting) {
        String s = setting == null ? "auto" : setting.strip();
        if (s.equalsIgnoreCase("none")) {
            return List.of();
        }
        if (!s.isEmpty() && !s.equalsIgnoreCase("auto")) {
            Path p = Path.of(s);
            if (!Files.isRegularFile(p)) {
                log.warn("gridwork.fonts.cjk={} is not a file", s);
                return List.of();
            }
            return List.of(p);
        }
        List<Path> found = new ArrayList<>();
        for (String folder : FOLDERS) {
            Path dir = Path.of(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir, 5)) {
                files.filter(Files::isRegularFile).filter(p -> rank(p) < HINTS.size()).forEach(found::add);
            } catch (IOException | RuntimeException e) {
                log.debug("cannot list {}: {}", dir, e.toString());
            }
        }
        found.sort(Comparator.comparingInt(CjkFonts::rank).thenComparing(Path::toString));
        return found;
    }

    private static int rank(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT).replace(" ", "");
        if (!(name.endsWith(".ttf") || name.endsWith(".ttc") || name.endsWith(".otf") || name.endsWith(".otc"))) {
            return Integer.MAX_VALUE;
        }
        for (int i = 0; i < HINTS.size(); i++) {
            if (name.contains(HINTS.get(i))) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Optional<Font> load(Path file) {
        try {
            Font f = Font.createFont(Font.TRUETYPE_FONT, file.toFile());
            return f.canDisplayUpTo(SAMPLE) == -1 ? Optional.of(f) : Optional.empty();
        } catch (FontFormatException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
