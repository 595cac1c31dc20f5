package io.gridwork.grid;

import java.util.Set;

/**
 * Published synchronously, inside the changing transaction, when what the grid module holds for some
 * grids changed their counts: a grid was created or retired, a household was added or changed its
 * status, buildings moved between micro-grids (also by a structure sheet). The people module's rollup
 * of the grid tree (households, people, staff, warnings) recounts these grids in the same transaction.
 */
public record GridCountsChanged(Set<Long> gridIds) {
}
