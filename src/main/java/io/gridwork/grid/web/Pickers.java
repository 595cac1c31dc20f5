package io.gridwork.grid.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.RoomView;
import io.gridwork.grid.UnitView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;

/**
 * What the pickers of the pages offer the signed-in user instead of numeric ids: the grids in reach as an
 * indented tree, the buildings in reach grouped by compound (or micro-grid), and a building's units and a
 * unit's rooms (those only when the building is in reach). Templates call it as {@code @pickers}
 * ({@code fragments/pickers.html}); {@link PickerController} serves the cascading steps to htmx.
 */
@Component("pickers")
public class Pickers {

    static final int MAX_GRIDS = 400;
    static final int MAX_BUILDINGS = 600;

    private final GridApi grid;

    Pickers(GridApi grid) {
        this.grid = grid;
    }

    /** A grid of the picker, indented by its depth below the top of the user's reach. */
    public record GridChoice(long id, String name, int depth) {
        public String indented() {
            return "　".repeat(depth) + name;
        }
    }

    /** A building of the picker, "3栋" or its own name. */
    public record BuildingChoice(long id, String label) {
    }

    /** The buildings of one compound (or micro-grid). */
    public record BuildingGroup(String label, List<BuildingChoice> buildings) {
    }

    /** The grids in the signed-in user's reach, top down to the micro-grids (at most 400), depth first. */
    public List<GridChoice> grids() {
        return grids(MAX_GRIDS);
    }

    List<GridChoice> grids(int max) {
        return grid.treeUnder(grid.topsOf(CurrentUser.get().scopePaths()), max).stream()
                .map(d -> new GridChoice(d.node().id(), d.node().name(), d.depth())).toList();
    }

    /** The buildings in the signed-in user's reach, grouped by compound or micro-grid (at most 600). */
    public List<BuildingGroup> buildings() {
        List<BuildingGroup> out = new ArrayList<>();
        int[] count = {0};
        for (GridNode top : grid.topsOf(CurrentUser.get().scopePaths())) {
            collect(top, out, count);
        }
        return out;
    }

    private void collect(GridNode node, List<BuildingGroup> out, int[] count) {
        if (count[0] >= MAX_BUILDINGS) {
            return;
        }
        if (node.level() == GridLevel.MICRO || node.level().holdsBuildings()) {
            List<BuildingChoice> choices = grid.buildingsOf(node.id()).stream()
                    .sorted(Comparator.comparingInt((BuildingView b) -> b.number().length()).thenComparing(BuildingView::number))
                    .map(b -> new BuildingChoice(b.id(), label(b))).toList();
            if (!choices.isEmpty()) {
                out.add(new BuildingGroup(node.name(), choices));
                count[0] += choices.size();
            }
            return;
        }
        grid.children(node.id()).forEach(c -> collect(c, out, count));
    }

    static String label(BuildingView b) {
        return b.name() != null && !b.name().isBlank() && !b.name().equals(b.number()) ? b.name() : b.number() + "栋";
    }

    /** Where a place picker starts: a household's building and unit, with the units and rooms to choose from. */
    public record Start(long buildingId, long unitId, List<UnitView> units, List<RoomView> rooms) {
    }

    /** The start of a place picker at a household in the user's reach, or null (no household, or out of reach). */
    public Start start(Long householdId) {
        if (householdId == null) {
            return null;
        }
        GridworkUser user = CurrentUser.get();
        return grid.household(householdId).flatMap(h -> buildingInReach(h.buildingId(), user)
                .map(b -> new Start(b.id(), h.unitId(), grid.unitsOf(b.id()), rooms(h.unitId(), user)))).orElse(null);
    }

    /** The building, when it lies in the user's reach (its micro-grid, or its compound when it has none). */
    Optional<BuildingView> buildingInReach(Long buildingId, GridworkUser user) {
        if (buildingId == null) {
            return Optional.empty();
        }
        return grid.building(buildingId).filter(b -> grid.node(b.microGridId() != null ? b.microGridId() : b.compoundId())
                .map(n -> user.covers(n.path())).orElse(false));
    }

    /** The units of a building in reach, in number order; none otherwise. */
    List<UnitView> units(Long buildingId, GridworkUser user) {
        return buildingInReach(buildingId, user).map(b -> grid.unitsOf(b.id())).orElse(List.of());
    }

    /** The rooms of a unit whose building is in reach, in floor and number order; none otherwise. */
    List<RoomView> rooms(Long unitId, GridworkUser user) {
        if (unitId == null) {
            return List.of();
        }
        return grid.unit(unitId).flatMap(u -> buildingInReach(u.buildingId(), user))
                .map(b -> grid.roomsOfBuilding(b.id()).stream().filter(r -> r.unitId() == unitId).toList())
                .orElse(List.of());
    }
}
