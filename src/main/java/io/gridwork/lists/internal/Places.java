package io.gridwork.lists.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.persistence.Like;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Grids and households in the caller's reach, and the scope condition of the list queries. */
@Component
public class Places {

    private final GridApi grid;
    // grid names shown on every row of a list or an export; a renamed grid shows after a minute
    private final io.gridwork.shared.TtlCache<Long, String> names = new io.gridwork.shared.TtlCache<>(
            java.time.Duration.ofMinutes(1), 20_000);

    Places(GridApi grid) {
        this.grid = grid;
    }

    /** The grid's name for lists (cached briefly), or "" when it no longer exists. */
    public String name(long gridId) {
        String n = names.get(gridId, id -> grid.node(id).map(GridNode::name).orElse(null));
        return n == null ? "" : n;
    }

    /** A building's name ("学府憬城 3栋") when it lies within the user's grids, else null. */
    public String buildingName(long buildingId, GridworkUser user) {
        return grid.buildingPlace(buildingId).filter(b -> user.covers(b.anchorPath()))
                .map(b -> b.compoundName() + " " + b.name()).orElse(null);
    }

    /** The grid, which must exist and lie in the user's scope (404 otherwise, alike). */
    public GridNode gridInScope(Long gridId, GridworkUser user, String field) {
        if (gridId == null) {
            throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
        }
        GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.notFound("grid", gridId));
        if (!user.covers(node.path())) {
            throw ProblemException.outOfReach("grid", gridId);
        }
        return node;
    }

    /** The household, which must exist and lie in the user's scope (400 unknown-household otherwise, alike). */
    public HouseholdView householdInScope(long householdId, GridworkUser user) {
        return grid.household(householdId).filter(h -> h.microGridPath() != null && user.covers(h.microGridPath()))
                .orElseThrow(() -> ProblemException.badRequest("unknown-household", "household " + householdId + " not found",
                        Map.of("field", "householdId", "id", householdId)));
    }

    /** The household's address in words (学府憬城 3栋2单元1201), or "—" when it no longer exists. */
    public String address(long householdId) {
        return grid.household(householdId).map(HouseholdView::address).orElse("—");
    }

    public GridNode node(long id) {
        return grid.node(id).orElseThrow(() -> ProblemException.notFound("grid", id));
    }

    public java.util.Optional<GridNode> find(long id) {
        return grid.node(id);
    }

    public List<GridNode> children(long id) {
        return grid.children(id);
    }

    /** A grid of a picker, indented by depth. */
    public record GridOption(long id, String name, int depth) {
    }

    /** The grids in the user's reach, top down to the micro-grids (at most {@code max}), for pickers. */
    public List<GridOption> options(GridworkUser user, int max) {
        return grid.treeUnder(grid.topsOf(user.scopePaths()), max).stream()
                .map(d -> new GridOption(d.node().id(), d.node().name(), d.depth())).toList();
    }

    /** Grid options as {@code <option>} elements indented by depth, the one with the id {@code selected} chosen. */
    public String gridOptions(List<GridOption> grids, Object selected) {
        StringBuilder out = new StringBuilder();
        for (GridOption g : grids) {
            io.gridwork.shared.web.HtmlOptions.option(out, "    ", g.id(), io.gridwork.shared.web.HtmlOptions.isSelected(selected, g.id()),
                    "　".repeat(g.depth()) + g.name());
        }
        return out.toString();
    }

    public List<GridNode> tops(GridworkUser user) {
        return grid.topsOf(user.scopePaths());
    }

    public boolean markChecked(long householdId, java.time.Instant at) {
        return grid.markHouseholdChecked(householdId, at);
    }

    /**
     * Appends the scope condition on {@code grid_path}: inside the chosen grid (checked against the
     * scope) or else inside any of the user's grids.
     */
    public static void scope(StringBuilder sql, List<Object> params, GridNode chosen, GridworkUser user) {
        List<String> paths = new ArrayList<>();
        if (chosen != null) {
            paths.add(chosen.path());
        } else {
            paths.addAll(user.scopePaths());
        }
        if (paths.contains("/")) {
            return;
        }
        if (paths.isEmpty()) {
            sql.append(" and 1 = 0");
            return;
        }
        sql.append(" and (");
        for (int i = 0; i < paths.size(); i++) {
            sql.append(i == 0 ? "" : " or ").append("grid_path like ?");
            params.add(paths.get(i) + "%");
        }
        sql.append(")");
    }

    /** Appends {@code column} within the Shanghai days {@code from}..{@code to} (either may be open). */
    static void appendDays(StringBuilder sql, List<Object> params, String column, java.time.LocalDate from,
            java.time.LocalDate to) {
        if (from != null) {
            sql.append(" and ").append(column).append(" >= ?");
            params.add(ts(from.atStartOfDay(ZONE).toInstant()));
        }
        if (to != null) {
            sql.append(" and ").append(column).append(" < ?");
            params.add(ts(to.plusDays(1).atStartOfDay(ZONE).toInstant()));
        }
    }

    /** Appends a search for {@code q} in either column ({@code %} and {@code _} match themselves); nothing when blank. */
    static void appendSearch(StringBuilder sql, List<Object> params, String q, String column, String otherColumn) {
        if (q == null || q.isBlank()) {
            return;
        }
        sql.append(" and (").append(column).append(" like ?").append(Like.ESCAPE).append(" or ").append(otherColumn)
                .append(" like ?").append(Like.ESCAPE).append(")");
        String like = Like.containing(q);
        params.add(like);
        params.add(like);
    }

    /** Trimmed text, or a 400 naming the field when it is missing or too long. */
    public static String text(String value, String field, int max, boolean required) {
        return io.gridwork.shared.web.Fields.text(value, field, max, required);
    }

    public static void require(Object value, String field) {
        if (value == null) {
            throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
        }
    }

    public static java.sql.Timestamp ts(java.time.Instant i) {
        return i == null ? null : java.sql.Timestamp.from(i);
    }

    public static java.time.Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");

    private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

    /** 2026-11-23 08:15 (Asia/Shanghai), or null. */
    public static String minute(java.time.Instant at) {
        return at == null ? null : MINUTE.format(at);
    }

    public static java.time.LocalDate today() {
        return java.time.LocalDate.now(ZONE);
    }

    /** A period [from, to] of days, checked: from ≤ to, at most ten years. */
    public static void period(java.time.LocalDate from, java.time.LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.badRequest("invalid-period", "from must not be after to", Map.of("field", "from"));
        }
    }
}
