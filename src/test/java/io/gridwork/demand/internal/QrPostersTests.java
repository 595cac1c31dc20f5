package io.gridwork.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** Posters with and without a Chinese font file: the QR code always scans, the PDF always has Chinese. */
class QrPostersTests {

    static final String URL = "https://grid.example.cn/report?unit=4711";

    static QrPosters.Poster poster() {
        QrPosters.Poster latin = new QrPosters.Poster("Report it here", "Scan to report a problem", "Building 3 · Unit 2", null,
                "How it works", List.of("1. Scan", "2. Describe", "3. Follow"), "Small matters stay in the grid", URL, null);
        return new QrPosters.Poster("码上办", "扫码反映问题 · 有事请您说", "学府憬城 · 3栋 · 2单元", "学府社区 · 学府街道", "怎么用",
                List.of("1. 用微信或手机相机扫描上方二维码", "2. 选择问题类别", "3. 查看办理进度"), "小事不出网格 · 大事不出社区", URL, latin);
    }

    static String scan(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        var source = new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
    }

    @Test
    void withoutAFontFileThePdfUsesStSongLightAndThePngFallsBackToLatin() throws Exception {
        QrPosters posters = new QrPosters(new CjkFonts("none"));
        assertThat(posters.pngHasChinese()).isFalse();
        byte[] pdf = posters.pdf(List.of(poster()), "test");
        String raw = new String(pdf, StandardCharsets.ISO_8859_1);
        assertThat(raw).startsWith("%PDF").contains("/STSong-Light").contains("/UniGB-UCS2-H").doesNotContain("/FontFile2");
        byte[] png = posters.png(poster());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(1240);
        assertThat(img.getHeight()).isEqualTo(1754);
        assertThat(scan(png)).isEqualTo(URL);
    }

    @Test
    void withAFontFileThePdfEmbedsItAndThePngShowsChinese() throws Exception {
        CjkFonts fonts = new CjkFonts("auto");
        assumeTrue(fonts.hasCjk(), "no CJK font on this machine (CI installs fonts-wqy-microhei)");
        QrPosters posters = new QrPosters(fonts);
        byte[] pdf = posters.pdf(List.of(poster(), poster()), "test");
        assertThat(new String(pdf, StandardCharsets.ISO_8859_1)).contains("/FontFile2");
        PdfReader reader = new PdfReader(pdf);
        assertThat(reader.getNumberOfPages()).isEqualTo(2);
        String text = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(text.replace(" ", "")).contains("扫码反映问题").contains("学府憬城").contains("码上办");
        assertThat(scan(posters.png(poster()))).isEqualTo(URL);
    }

    @Test
    void aConfiguredFileThatIsNotThereMeansNoFontRatherThanAFailure() {
        assertThat(new CjkFonts("/nowhere/font.ttf").hasCjk()).isFalse();
        assertThat(new CjkFonts("/nowhere/font.ttf").pdf().getPostscriptFontName()).startsWith("STSong-Light");
    }

    /** Writes sample posters to target/posters for a look (pdftoppm -png target/posters/unit.pdf). */
    @Test
    void writesSamplesForALook() throws Exception {
        Path dir = Path.of("target/posters");
        Files.createDirectories(dir);
        QrPosters posters = new QrPosters(new CjkFonts("auto"));
        Files.write(dir.resolve("unit.pdf"), posters.pdf(List.of(poster()), "sample"));
        Files.write(dir.resolve("unit.png"), posters.png(poster()));
        QrPosters bare = new QrPosters(new CjkFonts("none"));
        Files.write(dir.resolve("unit-stsong.pdf"), bare.pdf(List.of(poster()), "sample"));
        Files.write(dir.resolve("unit-latin.png"), bare.png(poster()));
        assertThat(Files.size(dir.resolve("unit.pdf"))).isPositive();
    }
}
