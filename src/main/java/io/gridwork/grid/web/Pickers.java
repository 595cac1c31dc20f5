package io.gridwork.grid.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.RoomView;
import io.gridwork.grid.UnitView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.HtmlOptions;

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

    /**
     * The buildings in the signed-in user's reach, grouped by compound or micro-grid (at most 600, the group that
     * reaches it whole): a few bounded reads ({@link GridApi#buildingGroupsUnder}), not a walk of the tree.
     */
    public List<BuildingGroup> buildings() {
        return buildings(MAX_BUILDINGS);
    }

    List<BuildingGroup> buildings(int max) {
        List<BuildingGroup> out = new ArrayList<>();
        for (GridApi.GridBuildings g : grid.buildingGroupsUnder(grid.topsOf(CurrentUser.get().scopePaths()), max)) {
            out.add(new BuildingGroup(g.grid().name(), g.buildings().stream().map(b -> new BuildingChoice(b.id(), label(b))).toList()));
        }
        return out;
    }

    /** {@link #grids()} as {@code <option>} elements, the one with the id {@code selected} chosen ({@link HtmlOptions}). */
    public String gridOptions(Object selected) {
        StringBuilder out = new StringBuilder();
        for (GridChoice g : grids()) {
            HtmlOptions.option(out, "    ", g.id(), HtmlOptions.isSelected(selected, g.id()), g.indented());
        }
        return out.toString();
    }

    /**
     * {@link #buildings()} as {@code <optgroup>}s of {@code <option>} elements, the start's building chosen
     * ({@link HtmlOptions}).
     */
    public String buildingOptions(Start start) {
        return buildingOptionsChoosing(start == null ? null : start.buildingId());
    }

    /** {@link #buildings()} as {@code <optgroup>}s of {@code <option>} elements, the building {@code selected} chosen. */
    public String buildingOptionsChoosing(Long selected) {
        StringBuilder out = new StringBuilder();
        for (BuildingGroup g : buildings()) {
            out.append("\n      <optgroup label=\"").append(HtmlOptions.escape(g.label())).append("\">");
            for (BuildingChoice b : g.buildings()) {
                HtmlOptions.option(out, "        ", b.id(), selected != null && selected == b.id(), b.label());
            }
            out.append("\n      </optgroup>");
        }
        return out.toString();
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
