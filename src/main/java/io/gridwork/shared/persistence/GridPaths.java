package io.gridwork.shared.persistence;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Modules keep copies of grid paths ("/1/4/9/") to filter by scope with one prefix match. When a grid
 * moves (the grid module publishes {@code GridRepathed}), each module rewrites its own copies with
 * this, one set-based statement per column.
 */
public final class GridPaths {

    private GridPaths() {
    }

    /** Every value of {@code table.column} that starts with {@code oldPath} now starts with {@code newPath}. */
    public static int repath(JdbcClient jdbc, String table, String column, String oldPath, String newPath) {
        if (!table.matches("[a-z0-9_]+") || !column.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a table or column name: " + table + "." + column);
        }
        return jdbc.sql("update " + table + " set " + column + " = ? || substr(" + column + ", ?) where " + column + " like ?")
                .params(newPath, oldPath.length() + 1, oldPath + "%").update();
    }
}
