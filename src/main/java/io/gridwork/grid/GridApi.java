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

    /** A period during which a building belonged to a micro-grid. */
    record BuildingGridPeriod(long microGridId, String microGridName, Instant from, Instant to, String changedBy,
            String reason) {
    }
}
