package io.gridwork.grid;

/**
 * Where a building lies, for placing a report at it (one light read: no unit or household counts): its compound,
 * its current micro-grid, its coordinates, and the grid that anchors it (the micro-grid, or the compound when it
 * has none) with that grid's path.
 */
public record BuildingPlace(long id, long compoundId, String compoundName, Long microGridId, String name, Double lat,
        Double lon, long anchorId, String anchorPath) {
}
