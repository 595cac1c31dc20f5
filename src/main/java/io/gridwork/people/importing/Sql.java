package io.gridwork.people.importing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Set-based SQL that runs the same on PostgreSQL and H2: multi-row inserts (one statement per
 * thousand rows, generated keys read back by column name, not by order), IN-list look-ups in slices,
 * and typed binding so that no driver round trip is spent guessing the type of a null.
 */
public final class Sql {

    static final int ROWS_PER_STATEMENT = 1000;

    private final JdbcTemplate jdbc;

    public Sql(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts rows; returns, per inserted row, the values of {@code keyColumns} (empty when none asked). */
    public List<Object[]> insert(String table, String[] columns, List<Object[]> rows, String... keyColumns) {
        List<Object[]> keys = new ArrayList<>(keyColumns.length == 0 ? 0 : rows.size());
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            String one = "(" + String.join(",", Collections.nCopies(columns.length, "?")) + ")";
            String sql = "insert into " + table + " (" + String.join(", ", columns) + ") values "
                    + String.join(",", Collections.nCopies(part.size(), one));
            jdbc.execute((Connection con) -> {
                try (PreparedStatement ps = keyColumns.length == 0 ? con.prepareStatement(sql)
                        : con.prepareStatement(sql, keyColumns)) {
                    int i = 1;
                    for (Object[] row : part) {
                        for (Object v : row) {
                            bind(ps, i++, v);
                        }
                    }
                    ps.executeUpdate();
                    if (keyColumns.length > 0) {
                        try (ResultSet rs = ps.getGeneratedKeys()) {
                            while (rs.next()) {
                                Object[] k = new Object[keyColumns.length];
                                for (int c = 0; c < keyColumns.length; c++) {
                                    k[c] = rs.getObject(c + 1);
                                }
                                keys.add(k);
                            }
                        }
                    }
                }
                return null;
            });
        }
        return keys;
    }

    /** Runs one statement per argument row as a JDBC batch. */
    public void batch(String sql, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            jdbc.execute((Connection con) -> {
                try (PreparedStatement ps = con.prepareStatement(sql)) {
                    for (Object[] row : part) {
                        for (int i = 0; i < row.length; i++) {
                            bind(ps, i + 1, row[i]);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }
    }

    /** Runs {@code sql} whose "(:in)" is replaced by slices of {@code values}. */
    public void queryIn(String sql, List<?> values, RowCallbackHandler handler) {
        for (int from = 0; from < values.size(); from += ROWS_PER_STATEMENT) {
            List<?> part = values.subList(from, Math.min(values.size(), from + ROWS_PER_STATEMENT));
            String q = sql.replace("(:in)", "(" + String.join(",", Collections.nCopies(part.size(), "?")) + ")");
            jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement(q);
                for (int i = 0; i < part.size(); i++) {
                    bind(ps, i + 1, part.get(i));
                }
                return ps;
            }, handler);
        }
    }

    /**
     * Runs {@code sql} whose one parameter is {@code = any(?)}, with all values as one array: one
     * round trip and one plan for a whole chunk instead of an IN-list per thousand values.
     */
    public void queryAny(String sql, String elementType, List<?> values, RowCallbackHandler handler) {
        if (values.isEmpty()) {
            return;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setArray(1, con.createArrayOf(elementType, values.toArray()));
            return ps;
        }, handler);
    }

    static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        switch (v) {
            case null -> ps.setNull(index, Types.NULL);
            case String s -> ps.setString(index, s);
            case Long l -> ps.setLong(index, l);
            case Integer n -> ps.setInt(index, n);
            case java.sql.Date d -> ps.setDate(index, d);
            case java.sql.Timestamp t -> ps.setTimestamp(index, t);
            default -> ps.setObject(index, v);
        }
    }
}
