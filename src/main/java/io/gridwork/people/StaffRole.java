package io.gridwork.people;

/** Positions a person holds for a period on a grid, building or unit. */
public enum StaffRole {
    MICRO_GRID_LEADER, MICRO_GRID_WORKER, BUILDING_LEADER, UNIT_LEADER, COMPOUND_GRID_LEADER,
    COMMUNITY_SECRETARY, COMMUNITY_STAFF, STREET_STAFF, PROPERTY_STEWARD
}
