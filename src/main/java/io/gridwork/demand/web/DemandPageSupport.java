package io.gridwork.demand.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.internal.DemandPolicies;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.HtmlOptions;
import io.gridwork.shared.web.ProblemException;

/** What the demand pages share: places in the viewer's reach, category names, refusals in words. */
@Component
class DemandPageSupport {

    /** A compound (or micro-grid) and its buildings, an optgroup of the building picker. */
    record BuildingGroup(String label, List<BuildingView> buildings) {
    }

    /** A unit of a building, for the unit picker. */
    record UnitOption(long id, String number) {
    }

    /** A grid of the inbox filter, indented by depth. */
    private final GridApi grid;
    private final DemandPolicies policies;
    private final MessageSource messages;

    DemandPageSupport(GridApi grid, DemandPolicies policies, MessageSource messages) {
        this.grid = grid;
        this.policies = policies;
        this.messages = messages;
    }

    /** A refusal of the service in the viewer's language, falling back to the service's own words. */
    String problem(ProblemException e) {
        return problem(e, null);
    }

    /** The same, naming {@code current} as the demand's state when the refusal does not say. */
    String problem(ProblemException e, DemandStatus current) {
        Locale locale = LocaleContextHolder.getLocale();
        Object status = e.details().getOrDefault("status", current);
        String statusName = status == null ? "" : messages.getMessage("demand.status." + status, null, status.toString(), locale);
        return messages.getMessage("problem." + e.code(), new Object[] {statusName, e.getMessage()}, e.getMessage(), locale);
    }

    String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    /** Category code → name in the viewer's language, across all communities. */
    Map<String, String> categoryNames() {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> names = new LinkedHashMap<>();
        policies.catalogue().forEach((code, c) -> names.put(code, c.name(locale)));
        return names;
    }

    List<CategoryView> categories(long communityId) {
        return policies.categories(communityId);
    }

    Optional<Long> communityOf(long gridId) {
        return grid.lineage(gridId).stream().filter(n -> n.level() == GridLevel.COMMUNITY).map(GridNode::id).findFirst();
    }

    Optional<HouseholdView> household(Long id) {
        return id == null ? Optional.empty() : grid.household(id);
    }

    Optional<BuildingView> building(Long id) {
        return id == null ? Optional.empty() : grid.building(id);
    }

    Optional<Long> buildingOfUnit(Long unitId) {
        return unitId == null ? Optional.empty() : grid.buildingOfUnit(unitId);
    }

    /** Units of a building (those with households), in number order. */
    List<UnitOption> units(long buildingId) {
        Map<Long, String> units = new LinkedHashMap<>();
        grid.householdsOfBuilding(buildingId).forEach(h -> units.putIfAbsent(h.unitId(), h.unitNumber()));
        return units.entrySet().stream().map(e -> new UnitOption(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparing((UnitOption u) -> u.number().length()).thenComparing(UnitOption::number))
                .toList();
    }

    List<BuildingGroup> buildingsOfCompound(long compoundId) {
        GridNode compound = grid.node(compoundId).orElseThrow(() -> ProblemException.notFound("grid", compoundId));
        return List.of(new BuildingGroup(compound.name(), grid.buildingsOf(compoundId)));
    }

    /** The top grids of the viewer's scope (the roots for an admin). */
    List<GridNode> scopeRoots(GridworkUser user) {
        return grid.topsOf(user.scopePaths());
    }

    /** The buildings staff may enter demands for, grouped by compound (or micro-grid for micro-grid staff). */
    List<BuildingGroup> buildingsInScope(GridworkUser user) {
        List<BuildingGroup> groups = new ArrayList<>();
        for (GridNode root : scopeRoots(user)) {
            collectBuildings(root, groups);
        }
        return groups;
    }

    private void collectBuildings(GridNode node, List<BuildingGroup> groups) {
        switch (node.level()) {
            case MICRO, COMPOUND, SPECIAL -> {
                List<BuildingView> buildings = grid.buildingsOf(node.id());
                if (!buildings.isEmpty()) {
                    groups.add(new BuildingGroup(node.name(), buildings));
                }
            }
            default -> grid.children(node.id()).forEach(c -> collectBuildings(c, groups));
        }
    }

    /** A building's name for the inbox's building filter ("学府憬城 3栋"), when it lies within the viewer's grids. */
    String buildingName(Long buildingId, GridworkUser user) {
        if (buildingId == null) {
            return null;
        }
        return grid.buildingPlace(buildingId).filter(b -> user.covers(b.anchorPath()))
                .map(b -> b.compoundName() + " " + b.name()).orElse(null);
    }

    /**
     * The grids of the viewer's scope down to the micro-grids (at most 500) as the inbox filter's {@code <option>}s, the
     * grid {@code selected} chosen: written as text ({@link HtmlOptions}), not three expressions per grid.
     */
    String gridOptions(GridworkUser user, Long selected) {
        StringBuilder out = new StringBuilder();
        for (var d : grid.treeUnder(scopeRoots(user), 500)) {
            HtmlOptions.option(out, "          ", d.node().id(), HtmlOptions.isSelected(selected, d.node().id()),
                    "\u3000".repeat(d.depth()) + d.node().name());
        }
        return out.toString();
    }
}
