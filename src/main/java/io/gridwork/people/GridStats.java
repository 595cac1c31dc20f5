package io.gridwork.people;

import java.util.List;

import io.gridwork.grid.GridNode;

/**
 * A grid with the counts of everything below it (from the grid tree's rollup) and the number of
 * micro-grid rule warnings below it; {@code warnings} lists the first of them (up to 50) where one grid
 * is shown on its own, and is empty in lists of grids.
 */
public record GridStats(GridNode node, long households, long people, long staff, long vacant, long microGrids,
        List<Warning> warnings, long warningCount) {

    /**
     * A micro-grid rule that is not met (shown, never enforced): the value found and the bounds of the
     * rule that applies (households, leaders or workers).
     */
    public record Warning(long microGridId, String microGridName, String kind, long value, long min, long max) {
    }
}
