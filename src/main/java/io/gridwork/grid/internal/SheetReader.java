package io.gridwork.grid.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;

import io.gridwork.shared.web.ProblemException;

/**
 * Reads a small sheet (the structure sheet) held in memory: an xlsx workbook's first sheet, or CSV in
 * UTF-8 (BOM or not), UTF-16 with BOM or GB18030/GBK as Excel in China saves it, judged by content.
 * The people module's streaming reader serves files of a million rows; this one serves a compound.
 */
final class SheetReader {

    /** One row: its 1-based line as Excel shows it, its trimmed cells, and which cells were numbers. */
    record Line(int line, List<String> cells, List<Boolean> numeric) {

        String cell(int index) {
            return index < 0 || index >= cells.size() ? "" : cells.get(index);
        }

        boolean blank() {
            return cells.stream().allMatch(String::isEmpty);
        }
    }

    static final Charset GB18030 = Charset.forName("GB18030");

    private SheetReader() {
    }

    static boolean isXlsx(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    static List<Line> read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "file-required", "the file is empty");
        }
        if (isXlsx(bytes)) {
            return xlsx(bytes);
        }
        if (bytes.length >= 4 && (bytes[0] & 0xFF) == 0xD0 && (bytes[1] & 0xFF) == 0xCF) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "old-excel-format",
                    "this is an old .xls workbook: save it as .xlsx or CSV and upload again");
        }
        return csv(bytes);
    }

    private static List<Line> xlsx(byte[] bytes) {
        List<Line> out = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes));
                var rows = wb.getFirstSheet().openStream()) {
            for (Row row : (Iterable<Row>) rows::iterator) {
                List<String> cells = new ArrayList<>();
                List<Boolean> numeric = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    Cell c = row.getCell(i);
                    if (c == null || c.getType() == CellType.EMPTY) {
                        cells.add("");
                        numeric.add(false);
                    } else if (c.getType() == CellType.NUMBER) {
                        BigDecimal d = c.asNumber();
                        cells.add(d == null ? "" : d.stripTrailingZeros().toPlainString());
                        numeric.add(true);
                    } else {
                        String t = c.getText();
                        cells.add(t == null ? "" : t.strip());
                        numeric.add(false);
                    }
                }
                out.add(new Line(row.getRowNum(), cells, numeric));
            }
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unreadable-file",
                    "the file is a zip but not a readable xlsx workbook");
        }
        return out;
    }

    private static List<Line> csv(byte[] bytes) {
        int skip = 0;
        Charset cs;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            cs = StandardCharsets.UTF_8;
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        } else {
            cs = decodes(StandardCharsets.UTF_8, bytes) ? StandardCharsets.UTF_8 : GB18030;
            for (byte b : bytes) {
                int v = b & 0xFF;
                if (v < 0x20 && v != '\t' && v != '\n' && v != '\r') {
                    throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid-format",
                            "the file is neither an xlsx workbook nor CSV text");
                }
            }
        }
        String text = new String(bytes, skip, bytes.length - skip, cs);
        int firstLine = text.indexOf('\n');
        String head = firstLine < 0 ? text : text.substring(0, firstLine);
        char delimiter = count(head, '\t') > count(head, ',') ? '\t' : count(head, ';') > count(head, ',') ? ';' : ',';
        List<Line> out = new ArrayList<>();
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).setTrim(true)
                    .get().parse(r)) {
                List<String> cells = new ArrayList<>();
                List<Boolean> numeric = new ArrayList<>();
                for (String v : rec) {
                    cells.add(v == null ? "" : v.strip());
                    numeric.add(false);
                }
                out.add(new Line((int) rec.getRecordNumber(), cells, numeric));
            }
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unreadable-file", "the CSV text cannot be read");
        }
        return out;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    private static boolean decodes(Charset cs, byte[] b) {
        try {
            cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
