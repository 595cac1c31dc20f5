package io.gridwork.people.importing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/** Rows of a CSV file or of the first sheet of a workbook, streamed, as trimmed strings. */
abstract class RawRows implements Closeable {

    /** One row: its 1-based line (the row number Excel shows), its cells, and which cells were numbers. */
    record RawRow(int line, String[] cells, boolean[] numeric) {

        String cell(int index) {
            return index < 0 || index >= cells.length ? "" : cells[index];
        }

        boolean numeric(int index) {
            return index >= 0 && index < numeric.length && numeric[index];
        }

        boolean blank() {
            for (String c : cells) {
                if (!c.isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The next row, or null at the end. */
    abstract RawRow next() throws IOException;

    static RawRows open(Path file, SheetFormat format) throws IOException {
        return format == SheetFormat.XLSX ? new Xlsx(file) : new Csv(file);
    }

    /** Rows a file holds, header included; a fast upper bound for the progress bar. */
    static int count(Path file, SheetFormat format) throws IOException {
        if (format == SheetFormat.XLSX) {
            try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile()); Stream<Row> rows = wb.getFirstSheet().openStream()) {
                return (int) rows.count();
            }
        }
        // Counts line ends outside quotes. '"' and '\n' never occur inside a multi-byte UTF-8 or
        // GB18030 character, so the bytes can be scanned without decoding.
        int lines = 0;
        boolean quoted = false;
        boolean content = false;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '"') {
                        quoted = !quoted;
                    } else if (b == '\n' && !quoted) {
                        lines++;
                        content = false;
                        continue;
                    }
                    if (b != '\r') {
                        content = true;
                    }
                }
            }
        }
        return content ? lines + 1 : lines;
    }

    static final class Csv extends RawRows {

        private final BufferedReader reader;
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;

        Csv(Path file) throws IOException {
            Charset cs = SheetFormat.detectCharset(file);
            InputStream in = Files.newInputStream(file);
            byte[] head = in.readNBytes(4);
            in.close();
            int skip = SheetFormat.bomLength(SheetFormat.bomCharset(head, head.length));
            InputStream body = Files.newInputStream(file);
            body.skipNBytes(skip);
            this.reader = new BufferedReader(new InputStreamReader(body, cs), 1 << 16);
            reader.mark(1 << 15);
            char delimiter = delimiter(reader);
            reader.reset();
            this.parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false)
                    .setIgnoreSurroundingSpaces(true).setTrim(true).get().parse(reader);
            this.records = parser.iterator();
        }

        /** Comma unless the first line has more tabs or semicolons (sheets pasted from elsewhere). */
        private static char delimiter(BufferedReader reader) throws IOException {
            char[] buf = new char[1 << 14];
            int n = reader.read(buf);
            int commas = 0, tabs = 0, semis = 0;
            for (int i = 0; i < Math.max(n, 0) && buf[i] != '\n'; i++) {
                switch (buf[i]) {
                    case ',' -> commas++;
                    case '\t' -> tabs++;
                    case ';' -> semis++;
                    default -> { }
                }
            }
            if (tabs > commas && tabs >= semis) {
                return '\t';
            }
            return semis > commas ? ';' : ',';
        }

        @Override
        RawRow next() {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord r = records.next();
            String[] cells = new String[r.size()];
            for (int i = 0; i < cells.length; i++) {
                String v = r.get(i);
                cells[i] = v == null ? "" : v.strip();
            }
            return new RawRow((int) r.getRecordNumber(), cells, new boolean[0]);
        }

        @Override
        public void close() throws IOException {
            parser.close();
            reader.close();
        }
    }

    static final class Xlsx extends RawRows {

        private final ReadableWorkbook workbook;
        private final Stream<Row> stream;
        private final Iterator<Row> rows;

        Xlsx(Path file) throws IOException {
            try {
                this.workbook = new ReadableWorkbook(file.toFile());
                this.stream = workbook.getFirstSheet().openStream();
            } catch (IOException | RuntimeException e) {
                throw SheetFormat.unsupported("unreadable-workbook", "the file is a zip but not a readable xlsx workbook");
            }
            this.rows = stream.iterator();
        }

        @Override
        RawRow next() {
            if (!rows.hasNext()) {
                return null;
            }
            Row row = rows.next();
            int n = row.getCellCount();
            String[] cells = new String[n];
            boolean[] numeric = new boolean[n];
            for (int i = 0; i < n; i++) {
                Cell c = row.getCell(i);
                if (c == null || c.getType() == CellType.EMPTY) {
                    cells[i] = "";
                } else if (c.getType() == CellType.NUMBER) {
                    numeric[i] = true;
                    BigDecimal d = c.asNumber();
                    cells[i] = d == null ? "" : d.stripTrailingZeros().toPlainString();
                } else {
                    String t = c.getText();
                    cells[i] = t == null ? "" : t.strip();
                }
            }
            return new RawRow(row.getRowNum(), cells, numeric);
        }

        @Override
        public void close() throws IOException {
            stream.close();
            workbook.close();
        }
    }
}
