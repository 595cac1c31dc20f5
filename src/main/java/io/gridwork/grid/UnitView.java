package io.gridwork.grid;

/** A unit (单元) of a building: one entrance and stairwell. */
public record UnitView(long id, long buildingId, String number) {
}
