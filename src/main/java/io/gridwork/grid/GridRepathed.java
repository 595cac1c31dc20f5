package io.gridwork.grid;

/**
 * Published (synchronously, inside the moving transaction) when a grid moved under another parent:
 * every path that started with {@code oldPath} now starts with {@code newPath}. Modules that keep a
 * copy of grid paths update it from this.
 */
public record GridRepathed(long gridId, String oldPath, String newPath) {
}
