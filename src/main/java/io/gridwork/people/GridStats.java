package io.gridwork.people;

import java.util.List;

import io.gridwork.grid.GridNode;

/** A grid with the counts of everything below it and the rule warnings of its micro-grids. */
public record GridStats(GridNode node, long households, long people, long staff, long vacant, long microGrids,
        List<Warning> warnings) {

    /**
     * A micro-grid rule that is not met (shown, never enforced): the value found and the bounds of the
     * rule that applies (households, leaders or workers).
     */
    public record Warning(long microGridId, String microGridName, String kind, long value, long min, long max) {
    }
}
