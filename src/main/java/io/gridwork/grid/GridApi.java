package io.gridwork.grid;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What other modules may ask of the grid. */
public interface GridApi {

    Optional<GridNode> node(long id);

    Optional<GridNode> nodeByCode(String code);

    List<GridNode> roots();

    List<GridNode> children(long id);

    /** A grid of a tree walk and its depth below the walk's top (0 for a top). */
    record GridDepth(GridNode node, int depth) {
    }

    /**
     * The active grids under the given tops, top down to the micro-grids, depth first with siblings by code, at most
     * {@code max}: read a level at a time (one statement per level, not one per grid), and grids pushed past the
     * {@code max}th place are never read below. The grid pickers and the inbox's grid filter are drawn from it.
     */
    List<GridDepth> treeUnder(List<GridNode> tops, int max);

    /**
     * One page of a grid's children (not retired) in code order: those whose code sorts after
     * {@code afterCode} (null: from the first), at most {@code limit} (issue 19: a district page never
     * lists thousands of grids at once).
     */
    List<GridNode> childrenAfter(long id, String afterCode, int limit);

    /** The grids a list of scope paths ("/1/4/9/") points at; the root path "/" means every district. */
    List<GridNode> topsOf(List<String> scopePaths);

    /** The node and its ancestors, root first. */
    List<GridNode> lineage(long id);

    /** Creates a grid under {@code parentId} with the next free code at that level. */
    GridNode create(Long parentId, GridLevel level, String name, String specialKind, String districtCode);

    /** Sets or clears (null) the GeoJSON boundary of a grid. */
    GridNode setBoundary(long id, String geoJson);

    /** The GeoJSON boundaries of those of the grids that have one, by grid id. */
    java.util.Map<Long, String> boundaries(java.util.Collection<Long> gridIds);

    Optional<BuildingView> building(long id);

    /**
     * The buildings of those ids that exist, by id, in one read (a list's addresses), without their unit and household
     * counts (both 0 here: counting them cost more than the rest of the read).
     */
    java.util.Map<Long, BuildingView> buildings(java.util.Collection<Long> ids);

    /** The buildings listed under one grid of a picker: a compound or special grid, or a micro-grid. */
    record GridBuildings(GridNode grid, List<BuildingView> buildings) {
    }

    /**
     * The buildings under the given tops for a picker, grouped by compound or special grid (by micro-grid under a
     * general grid or a micro-grid top), in the tree's order (depth first, siblings by code) and each group's
     * buildings by number; groups are added until {@code max} buildings are reached (the group that reaches it whole),
     * empty groups left out. Bounded reads without unit or household counts (both 0): the groups' grids, then their
     * buildings a chunk of groups at a time (issue 19: one read per grid of the tree and per compound, with counts).
     */
    List<GridBuildings> buildingGroupsUnder(List<GridNode> tops, int max);

    /** Where a building lies (no counts): for placing a report at it. */
    Optional<BuildingPlace> buildingPlace(long id);

    /** Buildings of a compound grid or a micro-grid. */
    List<BuildingView> buildingsOf(long gridId);

    long createBuilding(long compoundId, Long microGridId, String number, String name, Integer floors, Double lat,
            Double lon);

    long createUnit(long buildingId, String number);

    long createHousehold(long unitId, String room, String status);

    /** Moves a building to another micro-grid of the same compound, keeping the history. */
    void moveBuilding(long buildingId, long toMicroGridId, String reason, String actor);

    List<BuildingGridPeriod> buildingHistory(long buildingId);

    Optional<HouseholdView> household(long id);

    /** The building a unit belongs to. */
    Optional<Long> buildingOfUnit(long unitId);

    Optional<UnitView> unit(long unitId);

    /** The units of a building in number order (1, 2, …, 10). */
    List<UnitView> unitsOf(long buildingId);

    List<HouseholdView> householdsOfBuilding(long buildingId);

    /** Address → household: compound (id, code or name), building number, unit number, room. */
    Optional<HouseholdView> locateAddress(String compound, String building, String unit, String room);

    /** WGS-84 point → the micro-grid (or, failing that, the smallest grid) whose boundary holds it. */
    Optional<GridNode> locatePoint(double lat, double lon);

    /**
     * Records that a household's information was checked (a routine information-collection visit); an
     * earlier time than the one recorded changes nothing. Returns false when there is no such household.
     */
    boolean markHouseholdChecked(long householdId, Instant at);

    /**
     * Grids of one level under a grid path (the root path "/" for all), by name, at most {@code limit};
     * {@code nameContains} (optional) filters by name.
     */
    List<GridNode> nodesUnder(String gridPath, GridLevel level, String nameContains, int limit);

    /** Buildings of the compounds under a grid path (every building when the path is a compound's or above). */
    long buildingsUnder(String gridPath);

    /**
     * Where the buildings under a grid path lie (compounds' buildings when the path is a compound's or above), by
     * compound and number, at most {@code limit}: one read, for maps.
     */
    List<BuildingPlace> placesUnder(String gridPath, int limit);

    /** The places of these buildings (unknown ids are left out), in the order of {@link #placesUnder}. */
    List<BuildingPlace> places(java.util.Collection<Long> ids);

    /** The base map the map pages draw on (tile source, its datum) and the WGS-84 to display conversion. */
    BaseMap baseMap();
    /** Renames a grid; its code never changes. */
    GridNode rename(long id, String name);

    /**
     * Moves a grid and everything below it under another parent of a level that may hold it; codes
     * never change. Refused when the grid's buildings would leave their compound.
     */
    GridNode move(long id, long newParentId);

    /** Retires a grid that has no buildings, no children and (asked of every {@link RetireGuard}) no staff. */
    GridNode retire(long id);

    /** The grids a grid could be moved under (right level, not retired, not itself), within the given scope. */
    List<GridNode> moveTargets(long id, List<String> scopePaths);

    /** The micro-grids (not retired) below a grid: a compound's own and those of its general grids. */
    List<GridNode> microGridsUnder(long gridId);

    /** The compound (or special grid) a grid lies in, if any: itself, or an ancestor. */
    Optional<GridNode> compoundOf(long gridId);

    /** Moves several buildings of one compound to a micro-grid, each move kept in the history with one reason. */
    int moveBuildings(List<Long> buildingIds, long toMicroGridId, String reason, String actor);

    /** The rooms (households) of a building with floor, area and status, by unit and room. */
    List<RoomView> roomsOfBuilding(long buildingId);

    /** Creates a room (household) with its floor and exclusive floor area. */
    long createRoom(long unitId, String room, Integer floor, java.math.BigDecimal area, String status);

    /** Changes a room's exclusive floor area (null clears it) and status. */
    RoomView updateRoom(long householdId, java.math.BigDecimal area, String status);

    /**
     * Sets the status of many households at once (the resident import): one statement per status and thousand rows.
     * The statuses are checked by the caller's vocabulary; an unknown one is refused before anything changes.
     */
    void setHouseholdStatuses(java.util.Map<Long, String> statusById, Instant at);

    /**
     * Creates many households at once (the resident import), in the caller's transaction: one statement per thousand
     * rows. Returns each new household's id with its unit and room. The statuses are checked as by
     * {@link #setHouseholdStatuses}; a unit and room taken already fail the whole call (a duplicate key). Publishes no
     * {@link GridCountsChanged}: the caller recounts the grids it changed.
     */
    List<CreatedHousehold> createHouseholds(List<NewHousehold> households, Instant at);

    /** Refreshes the database's statistics of the households (PostgreSQL) after a bulk change outgrew them. */
    void refreshHouseholdStatistics();

    /** A household {@link #createHouseholds} is to create. */
    record NewHousehold(long unitId, String room, String status) {
    }

    /** A household {@link #createHouseholds} created. */
    record CreatedHousehold(long id, long unitId, String room) {
    }

    /** The micro-grid rule that applies to a grid: its own setting or the nearest one above, else the default. */
    GridRule ruleFor(long gridId);

    /** The rule set on this very grid (a street or district), if any. */
    Optional<GridRule> ownRule(long gridId);

    /** Sets the rule of a street or district. */
    GridRule setRule(long gridId, GridRule rule, String actor);

    /** Removes the rule of a street or district (the one above, or the default, applies again). */
    void clearRule(long gridId);

    /** Every rule set anywhere, by grid id (a handful of rows). */
    java.util.Map<Long, GridRule> configuredRules();

    /** A period during which a building belonged to a micro-grid. */
    record BuildingGridPeriod(long microGridId, String microGridName, Instant from, Instant to, String changedBy,
            String reason) {
    }
}
