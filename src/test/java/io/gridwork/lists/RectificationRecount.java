package io.gridwork.lists;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rectification rollup ({@code rectification_daily}) counted from the items, the slow way: for tests that move
 * items in time with SQL (which the rollup, kept by the lists module's own writes, does not see), and to compare with
 * what the module kept.
 */
public final class RectificationRecount {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate NOT_RECTIFIED = LocalDate.of(9999, 12, 31);

    private RectificationRecount() {
    }

    /** The rows the items make, as "gridId foundDay rectifiedDay" to their count, zero rows left out. */
    public static Map<String, Long> expected(JdbcClient jdbc) {
        Map<String, Long> rows = new TreeMap<>();
        jdbc.sql("select grid_path, found_at, rectified_at from rectification_item").query(rs -> {
            LocalDate found = LocalDate.ofInstant(rs.getTimestamp(2).toInstant(), SHANGHAI);
            Instant r = rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant();
            LocalDate rectified = r == null ? NOT_RECTIFIED : LocalDate.ofInstant(r, SHANGHAI);
            for (String id : rs.getString(1).split("/")) {
                if (!id.isEmpty()) {
                    rows.merge(id + " " + found + " " + rectified, 1L, Long::sum);
                }
            }
        });
        return rows;
    }

    /** The rows stored, in the form of {@link #expected}. */
    public static Map<String, Long> stored(JdbcClient jdbc) {
        Map<String, Long> rows = new TreeMap<>();
        jdbc.sql("select grid_id, found_day, rectified_day, items from rectification_daily where items <> 0")
                .query(rs -> {
                    rows.put(rs.getLong(1) + " " + rs.getDate(2).toLocalDate() + " " + rs.getDate(3).toLocalDate(), rs.getLong(4));
                });
        return rows;
    }

    /** Replaces the stored rows with the ones the items make. */
    public static void rebuild(JdbcClient jdbc) {
        jdbc.sql("delete from rectification_daily").update();
        List<Object[]> rows = new ArrayList<>();
        expected(jdbc).forEach((k, n) -> {
            String[] p = k.split(" ");
            rows.add(new Object[] {Long.parseLong(p[0]), Date.valueOf(p[1]), Date.valueOf(p[2]), n});
        });
        for (Object[] r : rows) {
            jdbc.sql("insert into rectification_daily (grid_id, found_day, rectified_day, items) values (?, ?, ?, ?)")
                    .params(r).update();
        }
    }
}
