package io.gridwork.access.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;

import io.gridwork.shared.Workbooks;
import io.gridwork.shared.web.ProblemException;

/**
 * An account sheet (xlsx, or CSV in UTF-8 or GB18030 as Excel in China saves it), read whole: such sheets
 * hold tens or hundreds of rows. Judged by content, never by file name, like the resident import.
 */
final class AccountSheet {

    /** A row as the sheet shows it: its 1-based line and its cells, trimmed. */
    record Line(int line, List<String> cells) {

        String cell(int index) {
            return index < 0 || index >= cells.size() ? "" : cells.get(index);
        }

        boolean blank() {
            return cells.stream().allMatch(String::isEmpty);
        }
    }

    static final int MAX_ROWS = 2000;

    private AccountSheet() {
    }

    static List<Line> read(byte[] file) {
        if (file == null || file.length == 0) {
            throw ProblemException.badRequest("file-required", "choose a sheet to upload", java.util.Map.of("field", "file"));
        }
        List<Line> lines = isZip(file) ? xlsx(file) : csv(file);
        if (lines.size() > MAX_ROWS + 1) {
            throw ProblemException.badRequest("too-many-rows", "a sheet may hold at most " + MAX_ROWS + " accounts");
        }
        return lines;
    }

    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static List<Line> xlsx(byte[] file) {
        List<Line> out = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(file));
                Stream<Row> rows = wb.getFirstSheet().openStream()) {
            rows.forEach(row -> {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    Cell c = row.getCell(i);
                    if (c == null || c.getType() == CellType.EMPTY) {
                        cells.add("");
                    } else if (c.getType() == CellType.NUMBER) {
                        BigDecimal d = c.asNumber();
                        cells.add(d == null ? "" : d.stripTrailingZeros().toPlainString());
                    } else {
                        String t = c.getText();
                        cells.add(t == null ? "" : t.strip());
                    }
                }
                out.add(new Line(row.getRowNum(), cells));
            });
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unreadable-file", "the file is not a readable xlsx workbook");
        }
        return out;
    }

    private static List<Line> csv(byte[] file) {
        for (byte b : file) {
            if ((b & 0xFF) < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid-format", "the file is neither xlsx nor CSV");
            }
        }
        int skip = file.length >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF ? 3 : 0;
        String text = decode(file, skip);
        String first = text.lines().findFirst().orElse("");
        char delimiter = count(first, '\t') > count(first, ',') ? '\t' : count(first, ';') > count(first, ',') ? ';' : ',';
        List<Line> out = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).setTrim(true)
                .get().parse(new StringReader(text))) {
            for (CSVRecord r : parser) {
                List<String> cells = new ArrayList<>();
                r.forEach(v -> cells.add(v == null ? "" : v.strip()));
                out.add(new Line((int) r.getRecordNumber(), cells));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unreadable-file", "the CSV text cannot be read");
        }
        return out;
    }

    private static String decode(byte[] b, int skip) {
        for (Charset cs : List.of(StandardCharsets.UTF_8, Charset.forName("GB18030"))) {
            try {
                return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b, skip, b.length - skip)).toString();
            } catch (CharacterCodingException e) {
                // try the next
            }
        }
        throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid-format", "the text is neither UTF-8 nor GB18030");
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    /** The sheet as uploaded, with one more column holding each row's errors (header: {@code errorHeader}). */
    static byte[] errorCopy(List<Line> lines, java.util.Map<Integer, String> errorsByLine, String errorHeader) {
        var out = new ByteArrayOutputStream();
        try {
            Workbook wb = Workbooks.open(out);
            Worksheet ws = wb.newWorksheet("accounts");
            int width = lines.stream().mapToInt(l -> l.cells().size()).max().orElse(0);
            int r = 0;
            for (Line l : lines) {
                for (int c = 0; c < l.cells().size(); c++) {
                    ws.value(r, c, l.cells().get(c));
                }
                String error = r == 0 ? errorHeader : errorsByLine.get(l.line());
                if (error != null) {
                    ws.value(r, width, error);
                    if (r > 0) {
                        ws.style(r, width).fontColor("C0392B").set();
                    }
                }
                r++;
            }
            ws.width(width, 60);
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
