package io.gridwork.bench.city;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Streams rows to one {@code COPY ... FROM STDIN} (text format): fields are appended to a buffer of
 * about a megabyte that is handed to the driver whenever it fills, so no table is ever held in memory.
 */
final class CopyWriter implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 20;

    private final CopyIn in;
    private final StringBuilder buf = new StringBuilder(FLUSH_AT + 4096);
    private boolean first = true;
    private long rows;

    CopyWriter(CopyManager copy, String table, String columns) throws SQLException {
        this.in = copy.copyIn("copy " + table + " (" + columns + ") from stdin");
    }

    private StringBuilder sep() {
        if (!first) {
            buf.append('\t');
        }
        first = false;
        return buf;
    }

    CopyWriter text(String s) {
        if (s == null) {
            return nul();
        }
        StringBuilder b = sep();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return this;
    }

    CopyWriter num(long v) {
        sep().append(v);
        return this;
    }

    CopyWriter num(Long v) {
        return v == null ? nul() : num(v.longValue());
    }

    CopyWriter dbl(double v) {
        sep().append(v);
        return this;
    }

    CopyWriter bool(boolean v) {
        sep().append(v ? 't' : 'f');
        return this;
    }

    CopyWriter date(LocalDate d) {
        return d == null ? nul() : text(d.toString());
    }

    CopyWriter time(Instant t) {
        return t == null ? nul() : text(t.toString());
    }

    CopyWriter nul() {
        sep().append("\\N");
        return this;
    }

    void end() throws SQLException {
        buf.append('\n');
        first = true;
        rows++;
        if (buf.length() >= FLUSH_AT) {
            flush();
        }
    }

    private void flush() throws SQLException {
        byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        buf.setLength(0);
    }

    long rows() {
        return rows;
    }

    @Override
    public void close() throws SQLException {
        flush();
        in.endCopy();
    }
}
