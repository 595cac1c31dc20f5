package io.gridwork.lists.internal;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridNode;
import io.gridwork.lists.ListsApi;

/**
 * The rectification list's items counted per grid, day found and day rectified ({@code rectification_daily}), at every
 * grid on the item's path, so that a grid's rows hold its whole subtree: the 整改率 of a grid, its children and its
 * trends is a read of a few rows per grid and day, however many items an emergency sweep found that day.
 * <p>
 * Kept in the items' own transactions (exact: an item and its counts commit or roll back together). Rows are made when
 * missing and then added to (never deleted, so a concurrent insert cannot lose its count), in the item's path order
 * from the root: two transactions that count items of the same grids lock their rows in the same order.
 */
@Component
class RectificationRollup {

    /** The day stored as "rectified" while an item is not. */
    static final LocalDate NOT_RECTIFIED = LocalDate.of(9999, 12, 31);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    RectificationRollup(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    private record Key(long gridId, LocalDate found, LocalDate rectified) {
    }

    /** An item found at {@code foundAt} under {@code gridPath}. */
    void found(String gridPath, Instant foundAt) {
        Map<Key, Long> deltas = new LinkedHashMap<>();
        for (long id : GridNode.ids(gridPath)) {
            deltas.put(new Key(id, day(foundAt), NOT_RECTIFIED), 1L);
        }
        add(deltas);
    }

    /** The item under {@code gridPath} found at {@code foundAt} was rectified at {@code rectifiedAt}. */
    void rectified(String gridPath, Instant foundAt, Instant rectifiedAt) {
        Map<Key, Long> deltas = new LinkedHashMap<>();
        for (long id : GridNode.ids(gridPath)) {
            deltas.put(new Key(id, day(foundAt), NOT_RECTIFIED), -1L);
            deltas.put(new Key(id, day(foundAt), day(rectifiedAt)), 1L);
        }
        add(deltas);
    }

    /**
     * A grid moved from {@code oldPath} to {@code newPath}: the counts of its subtree (its own rows) leave the grids
     * that were above it only before and join the ones above it only now.
     */
    void moved(long gridId, String oldPath, String newPath) {
        List<Long> before = GridNode.ids(oldPath);
        List<Long> after = GridNode.ids(newPath);
        List<Long> left = before.stream().filter(id -> id != gridId && !after.contains(id)).toList();
        List<Long> joined = after.stream().filter(id -> id != gridId && !before.contains(id)).toList();
        if (left.isEmpty() && joined.isEmpty()) {
            return;
        }
        List<Key> rows = new ArrayList<>();
        Map<Key, Long> items = new LinkedHashMap<>();
        jdbc.sql("select found_day, rectified_day, items from rectification_daily where grid_id = ? and items <> 0"
                + " order by found_day, rectified_day")
                .param(gridId)
                .query(rs -> {
                    Key k = new Key(gridId, rs.getDate(1).toLocalDate(), rs.getDate(2).toLocalDate());
                    rows.add(k);
                    items.put(k, rs.getLong(3));
                });
        Map<Key, Long> deltas = new LinkedHashMap<>();
        for (long id : left) {
            rows.forEach(k -> deltas.merge(new Key(id, k.found(), k.rectified()), -items.get(k), Long::sum));
        }
        for (long id : joined) {
            rows.forEach(k -> deltas.merge(new Key(id, k.found(), k.rectified()), items.get(k), Long::sum));
        }
        add(deltas);
    }

    /**
     * The rows of the grids {@code gridIds} (each its whole subtree) of items found on days {@code from}..{@code to},
     * the day rectified null while not rectified.
     */
    ListsApi.RectificationDays days(Collection<Long> gridIds, LocalDate from, LocalDate to) {
        if (gridIds.isEmpty()) {
            return new ListsApi.RectificationDays(List.of());
        }
        List<Object> params = new ArrayList<>(gridIds);
        params.add(Date.valueOf(from));
        params.add(Date.valueOf(to));
        return new ListsApi.RectificationDays(jdbc.sql("select grid_id, found_day, rectified_day, items from rectification_daily"
                + " where grid_id in (" + String.join(", ", gridIds.stream().map(id -> "?").toList()) + ")"
                + " and found_day >= ? and found_day <= ? and items <> 0")
                .params(params)
                .query((rs, i) -> {
                    LocalDate rectified = rs.getDate(3).toLocalDate();
                    return new ListsApi.RectificationDay(rs.getLong(1), rs.getDate(2).toLocalDate(),
                            rectified.equals(NOT_RECTIFIED) ? null : rectified, rs.getLong(4));
                })
                .list());
    }

    private void add(Map<Key, Long> deltas) {
        List<Object[]> creates = new ArrayList<>();
        List<Object[]> adds = new ArrayList<>();
        deltas.forEach((k, n) -> {
            if (n == 0) {
                return;
            }
            Object[] key = {k.gridId(), Date.valueOf(k.found()), Date.valueOf(k.rectified())};
            if (n > 0) {
                creates.add(key);
            }
            adds.add(new Object[] {n, key[0], key[1], key[2]});
        });
        if (!creates.isEmpty()) {
            jdbcTemplate.batchUpdate("insert into rectification_daily (grid_id, found_day, rectified_day) values (?, ?, ?)"
                    + " on conflict do nothing", creates);
        }
        if (!adds.isEmpty()) {
            jdbcTemplate.batchUpdate("update rectification_daily set items = items + ?"
                    + " where grid_id = ? and found_day = ? and rectified_day = ?", adds);
        }
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, Places.ZONE);
    }
}
