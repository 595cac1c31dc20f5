package io.gridwork.grid;

/** Published when a building moves to another micro-grid. */
public record GridMoved(long buildingId, Long fromMicroGridId, long toMicroGridId, String reason) {
}
