package io.gridwork.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

class XlsxStreamTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aReaderFindsEveryCellWithItsTypeFormatAndTheSheetsInOrder() throws Exception {
        Instant at = Instant.parse("2026-10-01T01:02:03Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxStream wb = new XlsxStream(out, SHANGHAI);
        XlsxStream.Sheet first = wb.sheet("需求's", new int[] {16, 17, 8, 30}, 1);
        first.header(List.of("编号", "时间", "评分", "说明"));
        first.row().text("GW-1").time(at).number(5).text("a < b & c > d \"quoted\" 𝄞 emoji 😀 \u0001bell\ttab\nline");
        first.row().text("GW-2").time(null).number((Integer) null).text("  spaced  ");
        first.flush();
        first.row().text("GW-3").time(Instant.parse("2026-10-01T16:00:00Z")).number(-42).text(null);
        first.autoFilter();
        XlsxStream.Sheet second = wb.sheet("步骤", new int[] {16, 6, 10}, 2);
        second.header(List.of("编号", "步", "状态"));
        second.row().text("GW-1").number(1).label("已受理");
        second.row().text("GW-1").number(2).label(" 已办结 & <好> ");
        second.row().text("GW-1").number(3).label("已受理");
        wb.finish();
        byte[] xlsx = out.toByteArray();

        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, false))) {
            List<Sheet> sheets = book.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("需求's", "步骤");
            List<Row> rows = sheets.get(0).read();
            assertThat(rows).hasSize(4);
            assertThat(rows.get(0).getCellText(0)).isEqualTo("编号");
            assertThat(rows.get(0).getCellText(3)).isEqualTo("说明");
            Row one = rows.get(1);
            assertThat(one.getCellText(0)).isEqualTo("GW-1");
            // the wall-clock time in Shanghai (UTC+8), to the second
            assertThat(one.getCellAsDate(1)).contains(LocalDateTime.of(2026, 10, 1, 9, 2, 3));
            assertThat(one.getCell(1).getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm");
            assertThat(one.getCellAsNumber(2)).hasValueSatisfying(n -> assertThat(n.intValue()).isEqualTo(5));
            // XML's escapes round-trip; a control character XML cannot hold is left out, tab and line break stay
            assertThat(one.getCellText(3)).isEqualTo("a < b & c > d \"quoted\" 𝄞 emoji 😀 bell\ttab\nline");
            Row two = rows.get(2);
            assertThat(two.getCellText(0)).isEqualTo("GW-2");
            // an empty cell between two others holds their places
            assertThat(two.getCell(1).getType()).isEqualTo(org.dhatim.fastexcel.reader.CellType.EMPTY);
            assertThat(two.getCell(2).getType()).isEqualTo(org.dhatim.fastexcel.reader.CellType.EMPTY);
            assertThat(two.getCellText(3)).isEqualTo("  spaced  ");
            Row three = rows.get(3);
            assertThat(three.getCellAsDate(1)).contains(LocalDateTime.of(2026, 10, 2, 0, 0));
            assertThat(three.getCellAsNumber(2)).hasValueSatisfying(n -> assertThat(n.intValue()).isEqualTo(-42));
            List<Row> steps = sheets.get(1).read();
            assertThat(steps).hasSize(4);
            assertThat(steps.get(1).getCellText(0)).isEqualTo("GW-1");
            assertThat(steps.get(1).getCellAsNumber(1)).hasValueSatisfying(n -> assertThat(n.intValue()).isEqualTo(1));
            // labels are shared strings: each written once, referred to from every row
            assertThat(steps.subList(1, 4)).extracting(r -> r.getCellText(2)).containsExactly("已受理", " 已办结 & <好> ", "已受理");
        }

        Map<String, String> parts = parts(xlsx);
        assertThat(parts).containsKeys("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml");
        String sheet1 = parts.get("xl/worksheets/sheet1.xml");
        assertThat(sheet1).contains("<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\"")
                .contains("<col min=\"4\" max=\"4\" width=\"30\" customWidth=\"1\"/>")
                .endsWith("</sheetData><autoFilter ref=\"A1:D4\"/></worksheet>")
                // the empty cells of the second row are written, those at the end of the third are not
                .contains("<c/><c/><c t=\"inlineStr\"><is><t xml:space=\"preserve\">  spaced  </t></is></c></row>")
                .contains("<c><v>-42</v></c></row>");
        assertThat(parts.get("xl/worksheets/sheet2.xml")).contains("xSplit=\"2\"").doesNotContain("autoFilter")
                .contains("<row r=\"4\"><c t=\"inlineStr\"><is><t>GW-1</t></is></c><c><v>3</v></c><c t=\"s\"><v>0</v></c></row>");
        assertThat(parts.get("xl/sharedStrings.xml")).contains("uniqueCount=\"2\"")
                .contains("<si><t>已受理</t></si><si><t xml:space=\"preserve\"> 已办结 &amp; &lt;好&gt; </t></si>");
        // the filter's range is named for Excel, the sheet's name quoted
        assertThat(parts.get("xl/workbook.xml")).contains("localSheetId=\"0\" hidden=\"1\">'需求''s'!$A$1:$D$4</definedName>");
    }

    @Test
    void rowsBeyondTheBufferAndColumnsBeyondZAreWritten() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxStream wb = new XlsxStream(out, SHANGHAI);
        XlsxStream.Sheet ws = wb.sheet("many", new int[0], 0);
        String long1 = "长".repeat(30_000);
        for (int r = 0; r < 3_000; r++) {
            ws.row();
            for (int c = 0; c < 30; c++) {
                ws.text(r == 7 && c == 29 ? long1 : r + ":" + c);
            }
        }
        wb.finish();
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            List<Row> rows = book.getFirstSheet().read();
            assertThat(rows).hasSize(3_000);
            assertThat(rows.get(2_999).getCellText(27)).isEqualTo("2999:27");
            assertThat(rows.get(7).getCellText(29)).isEqualTo(long1);
        }
        assertThat(XlsxStream.column(0)).isEqualTo("A");
        assertThat(XlsxStream.column(25)).isEqualTo("Z");
        assertThat(XlsxStream.column(26)).isEqualTo("AA");
        assertThat(XlsxStream.column(63)).isEqualTo("BL");
        assertThat(XlsxStream.column(701)).isEqualTo("ZZ");
        assertThat(XlsxStream.column(702)).isEqualTo("AAA");
    }

    private static Map<String, String> parts(byte[] xlsx) throws Exception {
        Map<String, String> parts = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                parts.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return parts;
    }
}
