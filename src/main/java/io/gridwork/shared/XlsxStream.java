package io.gridwork.shared;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A workbook for exports of many rows, streamed sheet by sheet and row by row with nothing kept but the current
 * buffer and the table of shared strings: free text inline, repeated text ({@link Sheet#label}) shared, numbers, times
 * (formatted {@code yyyy-mm-dd hh:mm}), a bold header row, column widths, frozen panes and an auto-filter. It is the lean sibling of {@link Workbooks} (fastexcel), for the ledger
 * (issue 19): fastexcel keeps cell objects per row, merges a style per range and encodes through a {@code Writer},
 * about two thirds of the CPU of a district's ledger; here a cell is a few bytes appended to one buffer.
 * <p>
 * Usage: {@link #sheet} (the previous sheet ends), then {@link Sheet#header} once and {@link Sheet#row} with its
 * cells, then {@link #finish}. Not thread-safe; the caller owns (and closes) the stream.
 */
public final class XlsxStream {

    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String TIME_FORMAT = "yyyy-mm-dd hh:mm";
    /** Styles: 0 plain, 1 the header (bold on a light fill), 2 a time. */
    private static final int HEADER = 1;
    private static final int TIME = 2;
    /**
     * A cell's opening, per style. Cells go without their reference ({@code r="B12"}, optional in the format): a
     * cell is where the one before it ends, an empty one is {@code <c/>}. The references, different in every row,
     * broke the compressor's matches: without them a district's ledger deflated in 60 % of the time, to half the size.
     */
    private static final String[] CELL_OPEN = {"<c", "<c s=\"" + HEADER + "\"", "<c s=\"" + TIME + "\""};
    /** Days from Excel's day zero (1899-12-30, in the 1900 date system) to 1970-01-01. */
    private static final long EPOCH_SERIAL = 25_569;

    private final ZipOutputStream zip;
    private final ZoneId zone;
    private final byte[] buf = new byte[1 << 16];
    private int len;
    private final List<String> names = new ArrayList<>();
    private final List<String> filters = new ArrayList<>();
    private final Map<String, Integer> shared = new LinkedHashMap<>();
    private Sheet current;

    /** Times are written as the wall-clock time in {@code zone}. */
    public XlsxStream(OutputStream out, ZoneId zone) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        // as Workbooks: the fastest level, about a fifth larger than the default and a tenth of the CPU less (Huffman
        // coding alone was slower still: the larger file cost more than the matches it saved, issue 19)
        this.zip.setLevel(Deflater.BEST_SPEED);
        this.zone = zone;
    }

    /**
     * Begins a sheet (ending the one before): its name, its columns' widths (in characters) and how many of its
     * leftmost columns stay in view; its first row (the header) always does.
     */
    public Sheet sheet(String name, int[] widths, int frozenColumns) throws IOException {
        if (current != null) {
            current.end();
        }
        names.add(name);
        filters.add(null);
        zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + names.size() + ".xml"));
        ascii("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + MAIN_NS
                + "\" xmlns:r=\"" + REL_NS + "\"><sheetViews><sheetView workbookViewId=\"0\">");
        String topLeft = column(frozenColumns) + "2";
        ascii(frozenColumns > 0
                ? "<pane xSplit=\"" + frozenColumns + "\" ySplit=\"1\" topLeftCell=\"" + topLeft
                        + "\" activePane=\"bottomRight\" state=\"frozen\"/><selection pane=\"bottomRight\" activeCell=\""
                        + topLeft + "\" sqref=\"" + topLeft + "\"/>"
                : "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                        + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>");
        ascii("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>");
        for (int c = 0; c < widths.length; c++) {
            ascii("<col min=\"" + (c + 1) + "\" max=\"" + (c + 1) + "\" width=\"" + widths[c] + "\" customWidth=\"1\"/>");
        }
        ascii("</cols><sheetData>");
        current = new Sheet(names.size() - 1);
        return current;
    }

    /** Ends the last sheet and writes the workbook's parts; the stream stays open. */
    public void finish() throws IOException {
        if (current != null) {
            current.end();
            current = null;
        }
        StringBuilder types = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        StringBuilder rels = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\""
                + PKG_REL_NS + "\">");
        StringBuilder sheets = new StringBuilder();
        StringBuilder defined = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            int n = i + 1;
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(n)
                    .append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            rels.append("<Relationship Id=\"rId").append(n).append("\" Type=\"").append(REL_NS)
                    .append("/worksheet\" Target=\"worksheets/sheet").append(n).append(".xml\"/>");
            sheets.append("<sheet name=\"").append(escape(names.get(i))).append("\" sheetId=\"").append(n)
                    .append("\" r:id=\"rId").append(n).append("\"/>");
            if (filters.get(i) != null) {
                defined.append("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"").append(i)
                        .append("\" hidden=\"1\">'").append(escape(names.get(i).replace("'", "''"))).append("'!")
                        .append(filters.get(i)).append("</definedName>");
            }
        }
        if (!shared.isEmpty()) {
            types.append("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
            rels.append("<Relationship Id=\"rId").append(names.size() + 2).append("\" Type=\"").append(REL_NS)
                    .append("/sharedStrings\" Target=\"sharedStrings.xml\"/>");
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            ascii("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"" + MAIN_NS + "\" count=\""
                    + shared.size() + "\" uniqueCount=\"" + shared.size() + "\">");
            for (String text : shared.keySet()) {
                ascii("<si>");
                ascii(openText(text));
                escaped(text);
                ascii("</t></si>");
            }
            ascii("</sst>");
            drain();
            zip.closeEntry();
        }
        types.append("</Types>");
        rels.append("<Relationship Id=\"rId").append(names.size() + 1).append("\" Type=\"").append(REL_NS)
                .append("/styles\" Target=\"styles.xml\"/></Relationships>");
        part("[Content_Types].xml", types.toString());
        part("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\""
                + PKG_REL_NS + "\"><Relationship Id=\"rId1\" Type=\"" + REL_NS
                + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        part("xl/_rels/workbook.xml.rels", rels.toString());
        part("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"" + MAIN_NS
                + "\" xmlns:r=\"" + REL_NS + "\"><bookViews><workbookView/></bookViews><sheets>" + sheets + "</sheets>"
                + (defined.isEmpty() ? "" : "<definedNames>" + defined + "</definedNames>") + "</workbook>");
        part("xl/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"" + MAIN_NS + "\">"
                + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"" + TIME_FORMAT + "\"/></numFmts>"
                + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
                + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
                + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
                + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFEEF2F5\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
                + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>");
        zip.finish();
    }

    /** One sheet being written: a row at a time, its cells left to right. */
    public final class Sheet {

        private final int index;
        /** The current row (1-based), 0 before the first. */
        private int row;
        private int col;
        /** Empty cells not yet written: before the next cell of the row, if any. */
        private int blanks;
        private int widest;

        private Sheet(int index) {
            this.index = index;
        }

        /** The first row: the columns' names, bold on a light fill. */
        public void header(List<String> labels) throws IOException {
            row();
            for (String label : labels) {
                cell(HEADER, label);
                content(label);
            }
        }

        /** Begins the next row. */
        public Sheet row() throws IOException {
            endRow();
            row++;
            col = 0;
            blanks = 0;
            ascii("<row r=\"");
            digits(row);
            ascii("\">");
            return this;
        }

        /** A text cell (an inline string); nothing, an empty cell. */
        public Sheet text(String text) throws IOException {
            if (text == null || text.isEmpty()) {
                return blank();
            }
            cell(0, text);
            content(text);
            return this;
        }

        /**
         * Text repeated in many rows (a status, a channel, a person's name, a demand's number on each of its steps):
         * written once into the workbook's table of shared strings and referred to by its number, which makes a
         * cell a third of its inline size. The table is kept until the workbook ends, so only text of a bounded set
         * goes here; free text goes through {@link #text}. Nothing, an empty cell.
         */
        public Sheet label(String text) throws IOException {
            if (text == null || text.isEmpty()) {
                return blank();
            }
            return value(" t=\"s\"><v>", shared.computeIfAbsent(text, k -> shared.size()));
        }

        /** A whole number. */
        public Sheet number(long value) throws IOException {
            return value("><v>", value);
        }

        /** A cell of the given type (its attributes and the value's opening tag) holding a whole number. */
        private Sheet value(String opening, long value) throws IOException {
            open(0);
            ascii(opening);
            digits(value);
            ascii("</v></c>");
            col++;
            return this;
        }

        /** An optional whole number: nothing, an empty cell. */
        public Sheet number(Integer value) throws IOException {
            if (value == null) {
                return blank();
            }
            return number(value.longValue());
        }

        /** A time as the wall-clock time of the workbook's zone, to the second; nothing, an empty cell. */
        public Sheet time(Instant at) throws IOException {
            if (at == null) {
                return blank();
            }
            LocalDateTime t = LocalDateTime.ofInstant(at, zone);
            long days = t.toLocalDate().toEpochDay() + EPOCH_SERIAL;
            int seconds = t.toLocalTime().toSecondOfDay();
            open(TIME);
            ascii("><v>");
            digits(days);
            if (seconds > 0) {
                // the fraction of the day to nine places (a second is 1.16e-5 of a day)
                ascii(".");
                long fraction = Math.round(seconds / 86_400.0 * 1_000_000_000L);
                String digits = Long.toString(1_000_000_000L + fraction).substring(1);
                ascii(digits);
            }
            ascii("</v></c>");
            col++;
            return this;
        }

        /** An empty cell, written only when a cell follows it in the row. */
        private Sheet blank() {
            blanks++;
            col++;
            return this;
        }

        /** Ends the sheet's data with a filter over its header and every row written. */
        public void autoFilter() {
            filters.set(index, "$A$1:$" + column(Math.max(widest, 1) - 1) + "$" + Math.max(row, 1));
        }

        /** Hands what is buffered to the stream (a page of rows written). */
        public void flush() throws IOException {
            drain();
            zip.flush();
        }

        private void cell(int style, String text) throws IOException {
            open(style);
            ascii(" t=\"inlineStr\"><is>");
            ascii(openText(text));
        }

        private void content(String text) throws IOException {
            escaped(text);
            ascii("</t></is></c>");
            col++;
        }

        /** Opens a cell of the given style, after the empty cells before it. */
        private void open(int style) throws IOException {
            for (; blanks > 0; blanks--) {
                ascii("<c/>");
            }
            ascii(CELL_OPEN[style]);
        }

        private void endRow() throws IOException {
            if (row > 0) {
                ascii("</row>");
                widest = Math.max(widest, col);
            }
        }

        private void end() throws IOException {
            endRow();
            ascii("</sheetData>");
            if (filters.get(index) != null) {
                ascii("<autoFilter ref=\"" + filters.get(index).replace("$", "") + "\"/>");
            }
            ascii("</worksheet>");
            drain();
            zip.closeEntry();
        }
    }

    /** A column's letters: A for 0, Z for 25, AA for 26. */
    static String column(int index) {
        StringBuilder s = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            s.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return s.toString();
    }

    /** The opening tag of a text: one that keeps the spaces at its ends when it has any (XML would drop them). */
    private static String openText(String text) {
        return !text.isEmpty() && (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1)))
                ? "<t xml:space=\"preserve\">" : "<t>";
    }

    private void part(String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(xml.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private void drain() throws IOException {
        if (len > 0) {
            zip.write(buf, 0, len);
            len = 0;
        }
    }

    private void room(int n) throws IOException {
        if (len + n > buf.length) {
            drain();
        }
    }

    /** Markup and digits: ASCII only, nothing to escape. */
    private void ascii(String s) throws IOException {
        int n = s.length();
        if (n > buf.length) {
            drain();
            zip.write(s.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        room(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void digits(long v) throws IOException {
        room(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte b = buf[i];
            buf[i] = buf[j];
            buf[j] = b;
        }
    }

    /**
     * Text as XML character data in UTF-8: {@code & < >} escaped, and the characters XML 1.0 cannot hold (controls
     * other than tab and line breaks, unpaired surrogates) left out.
     */
    private void escaped(String s) throws IOException {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            room(8);
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '&' -> put("&amp;");
                    case '<' -> put("&lt;");
                    case '>' -> put("&gt;");
                    default -> {
                        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                            buf[len++] = (byte) c;
                        }
                    }
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else if (!Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF) {
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }

    private void put(String entity) {
        for (int i = 0; i < entity.length(); i++) {
            buf[len++] = (byte) entity.charAt(i);
        }
    }

    /** Text for markup built from strings (sheet names): the XML escapes of attribute and element content. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
