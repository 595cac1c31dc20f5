package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.internal.DemandQueries.Filter;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The SQL of the lists and counts of demands: the condition for what a viewer may see that passes a filter, and the
 * branches (access paths) that together read it.
 */
@Component
class DemandListSql {

    /**
     * One way into the demand table for a list: the rows it reads come in (submitted_at desc, id desc) order from an
     * index, so that a page is its first rows. {@code at} and {@code id} name the ordering columns; {@code walkFrom} is
     * what a bounded walk reads, null where the branch's own index already serves the filter (no walk).
     */
    record Branch(String from, String condition, String at, String id, String walkFrom) {

        boolean onReach() {
            return from.startsWith("demand_reach");
        }
    }

    /**
     * What a viewer may see under a filter: the condition on {@code demand d} ({@code where}), the branches that
     * together read it, and the parameters of both; {@code byCategory}: {@link #categoryRange} holds.
     */
    record Scope(Map<String, Object> params, String where, List<Branch> branches, boolean byCategory) {
    }

    /** The names of every state, bound as a list. */
    static final List<String> EVERY_STATE = java.util.Arrays.stream(DemandStatus.values()).map(Enum::name).toList();

    private final GridApi grid;

    DemandListSql(GridApi grid) {
        this.grid = grid;
    }

    /**
     * The demands the viewer may see that pass the filter. The whole condition (visibility and filters) applies to
     * every branch; each branch adds the access path that serves one part of the visibility: the demands the viewer
     * reported (reporter index), and under each grid of the viewer's scope, narrowed to the grid filter, the grid's
     * range of {@code demand_reach} (or, for the whole city, {@code demand_time_ix}). Their union covers every visible
     * demand.
     */
    Scope scope(Filter f, GridworkUser viewer) {
        Map<String, Object> params = new LinkedHashMap<>();
        String gridPath = gridFilterPath(f);
        String where = visibility(viewer, params) + filters(f, gridPath, params) + everyState(f, viewer, gridPath, params);
        return new Scope(params, where, branches(viewer, gridPath, rare(f), params), categoryRange(f, viewer, gridPath));
    }

    /**
     * Under {@link #categoryRange}, every state named when the filter names none: the condition changes nothing, but
     * with it PostgreSQL reads the category index (V192, V201) as one range of the period per state, where without it
     * it read every entry of the category (all its years) to check the time (issue 19: 4.3 against 0.2 ms a district).
     */
    private static String everyState(Filter f, GridworkUser viewer, String gridPath, Map<String, Object> params) {
        if ((f.statuses() != null && !f.statuses().isEmpty()) || !categoryRange(f, viewer, gridPath)) {
            return "";
        }
        params.put("everyState", EVERY_STATE);
        return " and d.status in (:everyState)";
    }

    /**
     * True when one category's demands of a bounded period (no measure) are wanted of grids no narrower than a street:
     * then the category index (a range per state; on PostgreSQL it checks the grid path too, V201) reads fewer rows
     * than the grids' ranges of {@code demand_reach}, which hold every category (issue 19: a district's week was 3,800
     * reach rows and demand probes for 500 demands of the category).
     */
    private static boolean categoryRange(Filter f, GridworkUser viewer, String gridPath) {
        if (f.categoryCode() == null || f.from() == null || f.to() == null || f.measure() != null) {
            return false;
        }
        List<String> anchors = DemandDetails.isHandler(viewer) ? anchors(viewer.scopePaths(), gridPath) : List.of();
        return !anchors.isEmpty() && anchors.stream().allMatch(a -> GridNode.depth(a) <= 2);
    }

    /** The condition on {@code demand d} for the demands the viewer may see that pass the filter (page and size aside). */
    String scopedWhere(Filter f, GridworkUser viewer, Map<String, Object> params) {
        String gridPath = gridFilterPath(f);
        return visibility(viewer, params) + filters(f, gridPath, params) + everyState(f, viewer, gridPath, params);
    }

    /** The branches that together read every demand the viewer may see under the grid filter. */
    private static List<Branch> branches(GridworkUser viewer, String gridPath, boolean rare, Map<String, Object> params) {
        List<Branch> out = new ArrayList<>();
        List<String> anchors = DemandDetails.isHandler(viewer) ? anchors(viewer.scopePaths(), gridPath) : List.of();
        if (anchors.contains("/")) {
            // the whole city: a rare filter is served by its own index (below), never by a walk newest first
            out.add(new Branch("demand d", "1 = 1", "d.submitted_at", "d.id", rare ? null : "demand d"));
            return out;
        }
        out.add(new Branch("demand d", "d.reporter_account_id = :me", "d.submitted_at", "d.id", "demand d"));
        for (int i = 0; i < anchors.size(); i++) {
            if (rare) {
                // issue 19: a rare state's demands under the grid come from demand_status_time_ix (V165), the red or yellow
                // ones from the running limit's indexes (V191), not from a walk over every demand of the grid newest first
                // that keeps the few in that state
                params.put("anchorPath" + i, anchors.get(i) + "%");
                out.add(new Branch("demand d", "d.grid_path like :anchorPath" + i, "d.submitted_at", "d.id", null));
                continue;
            }
            params.put("anchor" + i, lastId(anchors.get(i)));
            out.add(new Branch("demand_reach k join demand d on d.id = k.demand_id", "k.grid_id = :anchor" + i, "k.submitted_at",
                    "k.demand_id", "demand_reach k"));
        }
        return out;
    }

    /**
     * The filter's submission times on {@code demand_reach}'s own column (the same as the demand's), so that a grid's
     * range is read for the period only (issue 19: a period in the past walked the grid from its newest demand down).
     * With a measure, the period bounds another time and the walk stays as it is.
     */
    static String reachTime(Branch b, Filter f) {
        if (!b.onReach() || f.measure() != null) {
            return "";
        }
        return period("k.submitted_at", f);
    }

    /** The filter's period ({@code :from}, {@code :to}) on {@code column} ("" without one). */
    static String period(String column, Filter f) {
        return (f.from() == null ? "" : " and " + column + " >= :from") + (f.to() == null ? "" : " and " + column + " < :to");
    }

    /** The finished states that most demands end in: a filter without them chooses few demands of any grid. */
    private static final Set<DemandStatus> COMMON = EnumSet.of(DemandStatus.RESOLVED, DemandStatus.CLOSED, DemandStatus.RATED);

    /** True when the filter chooses few demands of any grid: rare states only, or the red or yellow ones. */
    static boolean rare(Filter f) {
        return rareStatuses(f) || f.colour() == DemandView.Colour.RED || f.colour() == DemandView.Colour.YELLOW;
    }

    /** True when the filter chooses only rare states (open ones, on hold, reopened, rejected). */
    static boolean rareStatuses(Filter f) {
        return f.statuses() != null && !f.statuses().isEmpty() && f.statuses().stream().noneMatch(s -> s == null || COMMON.contains(s));
    }

    /** The grids whose subtrees hold the viewer's scope within the grid filter: the filter's grid or scope paths below it. */
    static List<String> anchors(List<String> scopePaths, String gridPath) {
        if (gridPath == null) {
            return List.copyOf(new LinkedHashSet<>(scopePaths));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : scopePaths) {
            if (gridPath.startsWith(p)) {
                out.add(gridPath);
            } else if (p.startsWith(gridPath)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /** The grid id a path ends with ("/1/4/9/" is grid 9). */
    static long lastId(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return Long.parseLong(trimmed.substring(trimmed.lastIndexOf('/') + 1));
    }

    private String gridFilterPath(Filter f) {
        return f.gridId() == null ? null
                : grid.node(f.gridId()).orElseThrow(() -> ProblemException.notFound("grid", f.gridId())).path();
    }

    /** The names of the open states, bound as a list. */
    static List<String> openStatusNames() {
        return DemandService.openStatuses().stream().map(Enum::name).toList();
    }


    String visibility(GridworkUser u, Map<String, Object> params) {
        List<String> any = new ArrayList<>();
        params.put("me", u.accountId());
        any.add("d.reporter_account_id = :me");
        List<String> scope = new ArrayList<>();
        for (int i = 0; i < u.scopePaths().size(); i++) {
            params.put("scope" + i, u.scopePaths().get(i) + "%");
            scope.add("d.grid_path like :scope" + i);
        }
        if (!scope.isEmpty()) {
            String inScope = "(" + String.join(" or ", scope) + ")";
            if (DemandService.isGridStaff(u)) {
                any.add(inScope);
            } else if (!DemandDetails.partiesOf(u).isEmpty()) {
                params.put("myParties", DemandDetails.partiesOf(u).stream().map(Enum::name).toList());
                any.add(inScope + " and exists (select 1 from demand_assignment a where a.demand_id = d.id and a.party in (:myParties) and a.status <> 'WITHDRAWN')");
            }
        }
        return "(" + String.join(" or ", any) + ")";
    }

    private static String filters(Filter f, String gridPath, Map<String, Object> params) {
        StringBuilder w = new StringBuilder();
        // "status=,," binds as a set of nulls: empty values choose nothing
        List<String> statuses = f.statuses() == null ? List.of()
                : f.statuses().stream().filter(Objects::nonNull).map(Enum::name).toList();
        if (!statuses.isEmpty()) {
            params.put("statuses", statuses);
            w.append(" and d.status in (:statuses)");
        }
        if (f.categoryCode() != null) {
            params.put("category", f.categoryCode());
            w.append(" and d.category_code = :category");
        }
        if (f.party() != null) {
            params.put("party", f.party().name());
            w.append(" and exists (select 1 from demand_assignment a where a.demand_id = d.id and a.party = :party and a.status <> 'WITHDRAWN')");
        }
        // a measure's demands (as the measures module counts them) are bounded by the time the measure counts them on
        String at = "d.submitted_at";
        if (f.measure() != null) {
            params.put("measureNow", Timestamp.from(Instant.now()));
            switch (f.measure()) {
                case RECEIVED -> w.append(" and d.status <> 'REJECTED'");
                case RESOLVED -> w.append(" and d.status <> 'REJECTED' and d.resolved_at is not null");
                case RESPOND_DUE, RESPOND_LATE -> {
                    at = "d.respond_due_at";
                    w.append(" and d.respond_due_at is not null and (d.responded_at is not null or d.respond_due_at <= :measureNow)");
                    if (f.measure() == DemandView.Measure.RESPOND_LATE) {
                        w.append(" and not (d.responded_at is not null and d.responded_at <= d.respond_due_at)");
                    }
                }
                case RESOLVE_DUE, RESOLVE_LATE -> {
                    at = "d.resolve_due_at";
                    w.append(" and d.status <> 'REJECTED' and d.resolve_due_at is not null"
                            + " and (d.resolved_at is not null or d.resolve_due_at <= :measureNow)");
                    if (f.measure() == DemandView.Measure.RESOLVE_LATE) {
                        w.append(" and not (d.resolved_at is not null and d.resolved_at <= d.resolve_due_at)");
                    }
                }
                case RATED, UNSATISFIED -> {
                    at = "d.rated_at";
                    w.append(" and d.rating is not null");
                    if (f.measure() == DemandView.Measure.UNSATISFIED) {
                        w.append(" and d.rating < 4");
                    }
                }
            }
        }
        if (f.from() != null) {
            params.put("from", Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            params.put("to", Timestamp.from(f.to()));
        }
        w.append(period(at, f));
        if (gridPath != null) {
            params.put("gridPath", gridPath + "%");
            w.append(" and d.grid_path like :gridPath");
        }
        if (f.buildingId() != null) {
            params.put("buildingFilter", f.buildingId());
            w.append(" and d.building_id = :buildingFilter");
        }
        if (f.refNo() != null && !f.refNo().isBlank()) {
            params.put("ref", f.refNo().strip().toUpperCase());
            w.append(" and d.ref_no = :ref");
        }
        if (f.colour() != null) {
            params.put("now", Timestamp.from(Instant.now()));
            params.put("openNow", openStatusNames());
            String yellow = "((d.responded_at is null and d.respond_yellow_at <= :now) or (d.responded_at is not null and d.resolve_yellow_at <= :now))";
            w.append(" and d.status in (:openNow) and ");
            w.append(switch (f.colour()) {
                // the running limit as the columns the database keeps (V191), each with an index: the red and the yellow
                // demands are found without reading every open demand (issue 16)
                case RED -> "d.running_due_at < :now";
                case YELLOW -> "d.running_yellow_at <= :now and d.running_due_at >= :now";
                case GREEN -> "not " + yellow;
                case NONE -> "1 = 0";
            });
        }
        return w.toString();
    }
}
