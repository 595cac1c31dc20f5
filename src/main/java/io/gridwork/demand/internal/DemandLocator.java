package io.gridwork.demand.internal;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.gridwork.grid.BuildingPlace;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.web.ProblemException;

/** Turns what the reporter said about the place (household, unit, building or a point) into grid facts. */
@Component
class DemandLocator {

    /**
     * Where a demand is. {@code gridPath} is the micro-grid's path when known, else the compound's; {@code where}
     * names the place as the demand's page does (the household's address, or compound, building and unit).
     */
    record Place(Long householdId, Long unitId, Long buildingId, Long compoundId, Long microGridId, long communityId,
            String gridPath, Double lat, Double lon, String where) {
    }

    private final GridApi grid;

    DemandLocator(GridApi grid) {
        this.grid = grid;
    }

    Place locate(Long householdId, Long unitId, Long buildingId, Double lat, Double lon) {
        if (householdId != null) {
            HouseholdView h = grid.household(householdId).orElseThrow(() -> unknown("household", householdId));
            return fromBuilding(grid.buildingPlace(h.buildingId()).orElseThrow(), h.id(), h.unitId(), lat, lon, h.address());
        }
        if (unitId != null) {
            long b = grid.buildingOfUnit(unitId).orElseThrow(() -> unknown("unit", unitId));
            BuildingPlace building = grid.buildingPlace(b).orElseThrow();
            String unit = grid.unit(unitId).map(u -> u.number() + "单元").orElse("");
            return fromBuilding(building, null, unitId, lat, lon, building.compoundName() + " " + building.name() + unit);
        }
        if (buildingId != null) {
            BuildingPlace building = grid.buildingPlace(buildingId).orElseThrow(() -> unknown("building", buildingId));
            return fromBuilding(building, null, null, lat, lon, building.compoundName() + " " + building.name());
        }
        if (lat != null && lon != null) {
            GridNode node = grid.locatePoint(lat, lon).orElseThrow(() -> new ProblemException(HttpStatus.BAD_REQUEST,
                    "outside-grids", "the point " + lat + "," + lon + " lies in no grid", Map.of("field", "location")));
            Long micro = node.level() == GridLevel.MICRO ? node.id() : null;
            // a micro-grid's compound may be its grandparent (through a general grid)
            Long compound = grid.compoundOf(node.id()).map(GridNode::id).orElse(null);
            return new Place(null, null, null, compound, micro, communityOf(node.id()), node.path(), lat, lon, "");
        }
        throw ProblemException.badRequest("location-required", "say where: a household, unit, building or a point on the map",
                Map.of("field", "location"));
    }

    private Place fromBuilding(BuildingPlace b, Long householdId, Long unitId, Double lat, Double lon, String where) {
        return new Place(householdId, unitId, b.id(), b.compoundId(), b.microGridId(), communityOf(b.anchorId()), b.anchorPath(),
                lat != null ? lat : b.lat(), lon != null ? lon : b.lon(), where);
    }

    /** Grids never move between communities, so the answer can be kept for a while. */
    private final io.gridwork.shared.TtlCache<Long, Long> communities =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofMinutes(10), 200_000);

    long communityOf(long gridId) {
        return communities.get(gridId, this::lookupCommunity);
    }

    private long lookupCommunity(long gridId) {
        return grid.lineage(gridId).stream().filter(n -> n.level() == GridLevel.COMMUNITY).findFirst()
                .map(GridNode::id)
                .orElseThrow(() -> ProblemException.badRequest("no-community", "the place is not inside a community"));
    }

    static ProblemException unknown(String what, long id) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "unknown-location", "unknown " + what + " " + id,
                Map.of("field", "location"));
    }
}
