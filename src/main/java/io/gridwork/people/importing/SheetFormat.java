package io.gridwork.people.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.http.HttpStatus;

import io.gridwork.shared.web.ProblemException;

/**
 * What an upload is, judged by its content and never by its name: an xlsx workbook (a zip), or CSV
 * text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK as Excel in China saves it.
 */
public enum SheetFormat {
    XLSX, CSV;

    static final Charset GB18030 = Charset.forName("GB18030");
    private static final int SNIFF = 8192;

    /** Refuses anything that is neither; the refusal says what was found. */
    public static SheetFormat sniff(byte[] head, int length) {
        if (length == 0) {
            throw unsupported("empty-file", "the file is empty");
        }
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return XLSX;
        }
        if (length >= 4 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11
                && (head[3] & 0xFF) == 0xE0) {
            throw unsupported("old-excel-format", "this is an old .xls workbook: save it as .xlsx or CSV and upload again");
        }
        if (bomCharset(head, length) != null && bomCharset(head, length) != StandardCharsets.UTF_8) {
            return CSV;
        }
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                throw unsupported("unsupported-file", "the file is neither an xlsx workbook nor CSV text");
            }
        }
        // a text prefix must decode as UTF-8 or GB18030 (the last character may be cut off)
        int cut = Math.max(0, length - 4);
        if (!decodes(StandardCharsets.UTF_8, head, cut) && !decodes(GB18030, head, cut)) {
            throw unsupported("unsupported-file", "the file is neither an xlsx workbook nor CSV text");
        }
        return CSV;
    }

    public static SheetFormat sniff(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SNIFF);
            return sniff(head, head.length);
        }
    }

    static ProblemException unsupported(String code, String message) {
        return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, code, message);
    }

    /** The charset a byte order mark announces, or null. */
    static Charset bomCharset(byte[] b, int length) {
        if (length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    static int bomLength(Charset bom) {
        return bom == null ? 0 : bom == StandardCharsets.UTF_8 ? 3 : 2;
    }

    private static boolean decodes(Charset cs, byte[] b, int length) {
        return decoder(cs).decode(ByteBuffer.wrap(b, 0, length), java.nio.CharBuffer.allocate(length + 16), false)
                .isError() == false;
    }

    private static CharsetDecoder decoder(Charset cs) {
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * The charset of a CSV file: its BOM, else UTF-8 when the whole file is valid UTF-8, else GB18030
     * (a superset of GBK, which Excel in China writes as "CSV (逗号分隔)").
     */
    static Charset detectCharset(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            Charset bom = bomCharset(head, head.length);
            if (bom != null) {
                return bom;
            }
        }
        CharsetDecoder utf8 = decoder(StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            ByteBuffer pending = ByteBuffer.allocate(buf.length + 8);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(buf.length + 8);
            int n;
            while ((n = in.read(buf)) > 0) {
                pending.put(buf, 0, n).flip();
                out.clear();
                if (utf8.decode(pending, out, false).isError()) {
                    return GB18030;
                }
                pending.compact();
            }
            pending.flip();
            out.clear();
            if (utf8.decode(pending, out, true).isError() || pending.hasRemaining()) {
                return GB18030;
            }
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return GB18030;
        }
    }

    static byte[] head(byte[] b, int n) {
        return Arrays.copyOf(b, n);
    }
}
