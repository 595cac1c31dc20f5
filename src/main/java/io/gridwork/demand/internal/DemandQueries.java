package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.DemandView.Colour;
import io.gridwork.demand.Party;
import io.gridwork.grid.GridApi;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Reading demands: one in detail, lists per role, the supervision board, possible duplicates. */
@Component
@org.springframework.transaction.annotation.Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
public class DemandQueries {

    /** Filters of the list and the ledger; null fields do not filter. */
    public record Filter(Set<DemandStatus> statuses, String categoryCode, Party party, Colour colour, Instant from,
            Instant to, Long gridId, String refNo, int page, int size, DemandView.Measure measure, Long buildingId) {

        public Filter(Set<DemandStatus> statuses, String categoryCode, Party party, Colour colour, Instant from, Instant to,
                Long gridId, String refNo, int page, int size, DemandView.Measure measure) {
            this(statuses, categoryCode, party, colour, from, to, gridId, refNo, page, size, measure, null);
        }

        public Filter(Set<DemandStatus> statuses, String categoryCode, Party party, Colour colour, Instant from, Instant to,
                Long gridId, String refNo, int page, int size) {
            this(statuses, categoryCode, party, colour, from, to, gridId, refNo, page, size, null);
        }

        public static Filter all() {
            return new Filter(null, null, null, null, null, null, null, null, 0, 50);
        }
    }

    /** A line of a list. */
    public record Summary(long id, String refNo, DemandStatus status, String grade, String categoryCode, String description,
            String place, Instant submittedAt, Instant dueAt, Colour colour, int escalationLevel, int supervisedCount,
            List<Party> openParties, boolean reporterUnverified) {
    }

    /** The daily supervision board: yellow and red demands grouped by responsible party. */
    public record Board(Map<Party, List<Summary>> byParty, int yellow, int red) {
    }

    private static final String SUMMARY_COLUMNS = """
            select d.id, d.ref_no, d.status, d.grade, d.category_code, d.description, d.location_text, d.building_id,
                   d.unit_id, d.household_id, d.submitted_at, d.respond_yellow_at, d.respond_due_at, d.responded_at,
                   d.resolve_yellow_at, d.resolve_due_at, d.resolved_at, d.escalation_level, d.supervised_count, d.reporter_unverified,
                   c.name as compound_name, b.name as building_name, u.number as unit_number, h.room as room
            """;

    private static final String SUMMARY_JOINS = """
              left join v_grid_building b on b.id = d.building_id
              left join v_grid_node c on c.id = b.compound_id
              left join v_grid_unit u on u.id = d.unit_id
              left join v_grid_household h on h.id = d.household_id
            """;

    private static final String SUMMARY_SELECT = SUMMARY_COLUMNS + " from demand d " + SUMMARY_JOINS;

    /** Counts shown to people stop here ("10,000+"): never a count over the whole city. */
    public static final int COUNT_CAP = 10_000;

    /** Page numbers (offsets) reach at most this many rows; further on, lists go by cursor. */
    public static final int MAX_OFFSET = 10_000;

    /**
     * A page of a list and the cursor of the next one (null on the last page). {@code partial}: the page ended where
     * the read stopped walking ({@link #WALK}), not because it was full: it may hold fewer rows than asked, even none,
     * and {@code next} goes on with older demands.
     */
    public record Slice(List<Summary> items, String next, boolean partial) {
    }

    /**
     * A page read by cursor walks at most this many demands of each branch's index, newest first, looking for the
     * rows that pass the filters: a filter the index does not carry (a status, a category, a party, a colour) that
     * matches rarely would otherwise read the whole scope. Where the walk stops, the page ends and its cursor continues
     * (DynamoDB's Limit with LastEvaluatedKey works the same way). Without such filters a page is full long before.
     */
    public static final int WALK = 2_000;

    /** A count bounded at {@link #COUNT_CAP}: {@code capped} when there are more. */
    public record Count(long value, boolean capped) {
    }

    private final JdbcClient jdbc;
    private final DemandRepository demands;
    private final GridApi grid;

    private final ListCursor cursors;

    DemandQueries(JdbcClient jdbc, DemandRepository demands, GridApi grid, ListCursor cursors) {
        this.jdbc = jdbc;
        this.demands = demands;
        this.grid = grid;
        this.cursors = cursors;
    }

    /** One demand with assignments and timeline, if the viewer may see it. */
    public DemandView view(long id, GridworkUser viewer) {
        Demand d = demands.require(id);
        if (!maySee(d, viewer)) {
            throw ProblemException.outOfReach("demand", id);
        }
        return toView(d, viewer);
    }

    public Optional<DemandView> find(long id) {
        return demands.find(id).map(d -> toView(d, null));
    }

    boolean maySee(Demand d, GridworkUser u) {
        if (d.reporterAccountId != null && d.reporterAccountId == u.accountId()) {
            return true;
        }
        if (!u.covers(d.gridPath)) {
            return false;
        }
        if (DemandService.isGridStaff(u)) {
            return true;
        }
        Set<Party> mine = partiesOf(u);
        return !mine.isEmpty() && jdbc.sql("select party from demand_assignment where demand_id = ? and status <> 'WITHDRAWN'")
                .param(d.id).query(String.class).list().stream().map(Party::valueOf).anyMatch(mine::contains);
    }

    /** The parties the viewer acts for by role (property staff, owners committee, party branch, the service team, ...). */
    static Set<Party> partiesOf(GridworkUser u) {
        return Party.ownedBy(u);
    }

    DemandView toView(Demand d, GridworkUser viewer) {
        List<DemandView.PartyAssignment> assignments = jdbc.sql("""
                select id, party, status, measures, note, created_at, started_at, done_at, withdrawn_reason
                  from demand_assignment where demand_id = ? order by id""").param(d.id)
                .query((rs, i) -> new DemandView.PartyAssignment(rs.getLong(1), Party.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), DemandRepository.inst(rs, "created_at"),
                        DemandRepository.inst(rs, "started_at"), DemandRepository.inst(rs, "done_at"), rs.getString(9)))
                .list();
        List<DemandView.TimelineEntry> timeline = jdbc.sql("""
                select at, actor_name, action, from_status, to_status, note from demand_event_log where demand_id = ? order by id""")
                .param(d.id)
                .query((rs, i) -> new DemandView.TimelineEntry(DemandRepository.inst(rs, "at"), rs.getString(2), rs.getString(3),
                        status(rs.getString(4)), status(rs.getString(5)), rs.getString(6)))
                .list();
        return toView(d, viewer, where(d.buildingId, d.unitId, d.householdId), assignments, timeline);
    }

    /**
     * The view of a demand from what is in memory: the aggregate, where it is ({@link #where}), its assignments
     * and its timeline. Intake answers with this, so that the response is not a read of what it just wrote.
     */
    DemandView toView(Demand d, GridworkUser viewer, String where, List<DemandView.PartyAssignment> assignments,
            List<DemandView.TimelineEntry> timeline) {
        boolean handler = viewer == null || DemandService.isGridStaff(viewer) || !partiesOf(viewer).isEmpty();
        boolean own = viewer != null && d.reporterAccountId != null && d.reporterAccountId == viewer.accountId();
        String name = handler || own ? d.reporterName : (d.anonymous ? "匿名" : Masking.name(d.reporterName));
        String text = d.locationText;
        String place = text == null ? where : (where.isEmpty() ? text : where + " · " + text);
        return new DemandView(d.id, d.refNo, d.status, d.grade, d.categoryCode, d.description, d.channel, d.communityId,
                d.microGridId, d.buildingId, d.unitId, d.householdId, place,
                name, d.contactPhoneMask, d.anonymous, d.submittedAt, d.respondDueAt, d.respondedAt, d.resolveDueAt,
                d.deadlineBinding, d.measures, d.holdReason, d.resolvedAt, d.handledOnSpot, d.closedAt, d.rating,
                d.ratingComment, d.reopenCount, d.mergedIntoId, d.escalationLevel, d.supervisedCount,
                colour(d.status, d.respondYellowAt, d.respondDueAt, d.respondedAt, d.resolveYellowAt, d.resolveDueAt, Instant.now()),
                assignments, timeline, d.reporterUnverified);
    }

    private static DemandStatus status(String s) {
        return s == null ? null : DemandStatus.valueOf(s);
    }

    /** The colour of the running limit at {@code now}. */
    static Colour colour(DemandStatus status, Instant respondYellow, Instant respondDue, Instant responded,
            Instant resolveYellow, Instant resolveDue, Instant now) {
        if (!status.isOpen() || status == DemandStatus.ON_HOLD) {
            return Colour.NONE;
        }
        Instant yellow = responded == null ? respondYellow : resolveYellow;
        Instant due = responded == null ? respondDue : resolveDue;
        if (due == null) {
            return Colour.GREEN;
        }
        if (now.isAfter(due)) {
            return Colour.RED;
        }
        return yellow != null && !now.isBefore(yellow) ? Colour.YELLOW : Colour.GREEN;
    }

    String place(Long buildingId, Long unitId, Long householdId, String text) {
        String where = where(buildingId, unitId, householdId);
        return text == null ? where : (where.isEmpty() ? text : where + " · " + text);
    }

    /** The household's address, or compound, building and unit ("" for a point). */
    String where(Long buildingId, Long unitId, Long householdId) {
        String where;
        if (householdId != null) {
            where = grid.household(householdId).map(h -> h.address()).orElse("");
        } else if (buildingId != null) {
            where = grid.building(buildingId).map(b -> b.compoundName() + " " + b.name()).orElse("");
            if (unitId != null) {
                where += jdbc.sql("select number from v_grid_unit where id = ?").param(unitId).query(String.class).optional()
                        .map(n -> n + "单元").orElse("");
            }
        } else {
            where = "";
        }
        return where;
    }

    /**
     * Demands the viewer may see, newest first, filtered: the page {@code f.page()} of {@code f.size()} (offsets reach
     * {@link #MAX_OFFSET} rows at most; lists that go further use {@link #slice}).
     */
    public List<Summary> list(Filter f, GridworkUser viewer) {
        int size = Math.max(1, Math.min(f.size(), 500));
        int offset = Math.min(Math.max(0, f.page()) * size, MAX_OFFSET);
        List<Summary> rows = read(f, viewer, null, offset + size, 0).rows();
        return withParties(new ArrayList<>(rows.subList(Math.min(offset, rows.size()), rows.size())));
    }

    /**
     * A page of the demands the viewer may see, newest first, after {@code cursor} (null: the first page), with the
     * cursor of the next page. A cursor this list did not issue is a 400 {@code invalid-cursor}.
     */
    public Slice slice(Filter f, String cursor, GridworkUser viewer) {
        return slice(f, cursor, viewer, WALK);
    }

    /** {@link #slice} walking at most {@code walk} rows of each branch's index. */
    Slice slice(Filter f, String cursor, GridworkUser viewer, int walk) {
        ListCursor.Key after = cursors.decode(CURSOR_KIND, cursor);
        int size = Math.max(1, Math.min(f.size(), 500));
        Read read = read(f, viewer, after, size + 1, Math.max(walk, size + 1));
        List<Summary> rows = read.rows();
        String next = null;
        boolean partial = false;
        if (rows.size() > size) {
            rows = new ArrayList<>(rows.subList(0, size));
            Summary last = rows.get(size - 1);
            next = cursors.encode(CURSOR_KIND, new ListCursor.Key(last.submittedAt(), last.id()));
        } else if (read.resume() != null) {
            next = cursors.encode(CURSOR_KIND, read.resume());
            partial = true;
        }
        return new Slice(withParties(rows), next, partial);
    }

    static final String CURSOR_KIND = "demands";

    /** The cursor of the page after this row (a page by number continues by cursor). */
    public String cursorAfter(Summary last) {
        return cursors.encode(CURSOR_KIND, new ListCursor.Key(last.submittedAt(), last.id()));
    }

    /**
     * One way into the demand table for a list: the rows it reads come in (submitted_at desc, id desc) order from an
     * index, so that a page is its first rows. {@code at} and {@code id} name the ordering columns; {@code walkFrom} is
     * what a bounded walk reads, null where the branch's own index already serves the filter (no walk).
     */
    private record Branch(String from, String condition, String at, String id, String walkFrom) {
    }

    /** The rows of a read, newest first, and where a bounded read stopped short of a full page (else null). */
    private record Read(List<Summary> rows, ListCursor.Key resume) {
    }

    /**
     * The first {@code limit} demands (after {@code after}) the viewer may see that pass the filter, newest first.
     * The whole condition (visibility and filters) applies to every branch; each branch adds the access path that
     * serves one part of the visibility in order: the demands the viewer reported (reporter index), and under each
     * grid of the viewer's scope, narrowed to the grid filter, the grid's range of {@code demand_reach} (or, for
     * the whole city, {@code demand_time_ix}). Their union covers every visible demand; the pages of the branches
     * are merged here (a handful of rows each).
     */
    private Read read(Filter f, GridworkUser viewer, ListCursor.Key after, int limit, int walkLimit) {
        Map<String, Object> common = new LinkedHashMap<>();
        String gridPath = gridFilterPath(f);
        String where = visibility(viewer, common) + filters(f, gridPath, common);
        Map<Long, Summary> merged = new LinkedHashMap<>();
        ListCursor.Key frontier = null;
        for (Branch b : branches(viewer, gridPath, rareStatuses(f), common)) {
            Map<String, Object> params = new LinkedHashMap<>(common);
            String keyset = "";
            if (after != null) {
                params.put("kAt", Timestamp.from(after.at()));
                params.put("kId", after.id());
                keyset = " and " + b.at() + " <= :kAt and (" + b.at() + " < :kAt or " + b.id() + " < :kId)";
            }
            String order = " order by " + b.at() + " desc, " + b.id() + " desc";
            if (walkLimit <= 0 || b.walkFrom() == null) {
                jdbc.sql(SUMMARY_COLUMNS + " from " + b.from() + SUMMARY_JOINS + " where " + b.condition() + reachTime(b, f) + " and " + where + keyset
                        + order + " fetch first " + limit + " rows only")
                        .params(params).query(this::summary).list().forEach(s -> merged.putIfAbsent(s.id(), s));
                continue;
            }
            // the walk: at most walkLimit rows of the branch's index in list order (the submission time bounds too), then
            // the demands among them that pass every condition
            String time = f.measure() != null ? ""
                    : (f.from() == null ? "" : " and " + b.at() + " >= :from") + (f.to() == null ? "" : " and " + b.at() + " < :to");
            String walk = "select " + b.at() + " as w_at, " + b.id() + " as w_id from " + b.walkFrom() + " where " + b.condition()
                    + time + keyset + order;
            List<Summary> found = jdbc.sql(SUMMARY_COLUMNS + " from (" + walk + " fetch first " + walkLimit + " rows only) w"
                    + " join demand d on d.id = w.w_id" + SUMMARY_JOINS + " where " + where
                    + " order by w.w_at desc, w.w_id desc fetch first " + limit + " rows only")
                    .params(params).query(this::summary).list();
            found.forEach(s -> merged.putIfAbsent(s.id(), s));
            if (found.size() < limit) {
                // did the walk stop at its bound? then its last row is as far as this branch has looked
                ListCursor.Key stop = jdbc.sql("select w_at, w_id from (" + walk + " offset " + (walkLimit - 1)
                        + " rows fetch first 1 rows only) w").params(params)
                        .query((rs, i) -> new ListCursor.Key(DemandRepository.inst(rs, "w_at"), rs.getLong("w_id")))
                        .optional().orElse(null);
                if (stop != null && (frontier == null || KEY_ORDER.compare(stop, frontier) > 0)) {
                    frontier = stop;
                }
            }
        }
        List<Summary> rows = new ArrayList<>(merged.values());
        rows.sort(NEWEST_FIRST);
        if (frontier != null) {
            // below the newest place where a walk stopped, that branch has not looked: those rows come on the next page
            ListCursor.Key stop = frontier;
            rows.removeIf(r -> KEY_ORDER.compare(new ListCursor.Key(r.submittedAt(), r.id()), stop) < 0);
        }
        if (rows.size() >= limit) {
            return new Read(new ArrayList<>(rows.subList(0, limit)), null);
        }
        return new Read(rows, frontier);
    }

    /** Keys in list order: older (smaller) first. */
    private static final java.util.Comparator<ListCursor.Key> KEY_ORDER = java.util.Comparator
            .comparing(ListCursor.Key::at).thenComparingLong(ListCursor.Key::id);

    private static final java.util.Comparator<Summary> NEWEST_FIRST = java.util.Comparator
            .comparing(Summary::submittedAt, java.util.Comparator.reverseOrder())
            .thenComparing(Summary::id, java.util.Comparator.reverseOrder());

    /** The branches that together read every demand the viewer may see under the grid filter. */
    private static List<Branch> branches(GridworkUser viewer, String gridPath, boolean rare, Map<String, Object> params) {
        List<Branch> out = new ArrayList<>();
        List<String> anchors = isHandler(viewer) ? anchors(viewer.scopePaths(), gridPath) : List.of();
        if (anchors.contains("/")) {
            out.add(new Branch("demand d", "1 = 1", "d.submitted_at", "d.id", "demand d"));
            return out;
        }
        out.add(new Branch("demand d", "d.reporter_account_id = :me", "d.submitted_at", "d.id", "demand d"));
        for (int i = 0; i < anchors.size(); i++) {
            if (rare) {
                // issue 19: a rare state's demands under the grid come from demand_status_time_ix (V165), not from a walk
                // over every demand of the grid newest first that keeps the few in that state
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
    private static String reachTime(Branch b, Filter f) {
        if (!b.from().startsWith("demand_reach") || f.measure() != null) {
            return "";
        }
        return (f.from() == null ? "" : " and k.submitted_at >= :from") + (f.to() == null ? "" : " and k.submitted_at < :to");
    }

    /** The finished states that most demands end in: a filter without them chooses few demands of any grid. */
    private static final Set<DemandStatus> COMMON = java.util.EnumSet.of(DemandStatus.RESOLVED, DemandStatus.CLOSED, DemandStatus.RATED);

    /** True when the filter chooses only rare states (open ones, on hold, reopened, rejected). */
    static boolean rareStatuses(Filter f) {
        return f.statuses() != null && !f.statuses().isEmpty() && f.statuses().stream().noneMatch(s -> s == null || COMMON.contains(s));
    }

    /** The grids whose subtrees hold the viewer's scope within the grid filter: the filter's grid or scope paths below it. */
    static List<String> anchors(List<String> scopePaths, String gridPath) {
        if (gridPath == null) {
            return List.copyOf(new java.util.LinkedHashSet<>(scopePaths));
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
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

    /** The condition on {@code demand d} for the demands the viewer may see that pass the filter (page and size aside). */
    String scopedWhere(Filter f, GridworkUser viewer, Map<String, Object> params) {
        return visibility(viewer, params) + filters(f, gridFilterPath(f), params);
    }

    /** True when the viewer handles demands (grid staff or a responsible party) rather than only reporting them. */
    static boolean isHandler(GridworkUser viewer) {
        return DemandService.isGridStaff(viewer) || !partiesOf(viewer).isEmpty();
    }

    /**
     * How many demands the viewer may see pass the filter, counted up to {@link #COUNT_CAP} (then {@code capped}):
     * each branch reads at most that many ids, so the count costs the same in a community and in the city.
     */
    public Count count(Filter f, GridworkUser viewer) {
        return count(f, viewer, COUNT_CAP);
    }

    /** {@link #count} up to {@code cap}. */
    public Count count(Filter f, GridworkUser viewer, int cap) {
        Map<String, Object> common = new LinkedHashMap<>();
        String gridPath = gridFilterPath(f);
        String where = visibility(viewer, common) + filters(f, gridPath, common);
        // grid staff see every demand under a grid of their scope: without other filters than the time, a grid's
        // count is a range of demand_reach alone (an index-only scan), no demand row read
        boolean reachAlone = DemandService.isGridStaff(viewer) && (f.statuses() == null || f.statuses().isEmpty())
                && f.categoryCode() == null && f.party() == null && f.colour() == null
                && (f.refNo() == null || f.refNo().isBlank()) && f.measure() == null && f.buildingId() == null;
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (Branch b : branches(viewer, gridPath, rareStatuses(f), common)) {
            String sql;
            if (reachAlone && b.from().startsWith("demand_reach")) {
                sql = "select k.demand_id from demand_reach k where " + b.condition()
                        + (f.from() == null ? "" : " and k.submitted_at >= :from") + (f.to() == null ? "" : " and k.submitted_at < :to");
            } else {
                sql = "select d.id from " + b.from() + " where " + b.condition() + reachTime(b, f) + " and " + where;
            }
            ids.addAll(jdbc.sql(sql + " fetch first " + (cap + 1) + " rows only").params(common).query(Long.class).list());
            if (ids.size() > cap) {
                break;
            }
        }
        return new Count(Math.min(ids.size(), cap), ids.size() > cap);
    }

    /**
     * The demands of {@link #count} per state, in the order of the states. Issue 19: read through the list's access
     * paths (the viewer's reports, and each grid's range of {@code demand_reach} within the filter's time), so that a
     * district's month reads that month's demands only, not every demand of the district since it began.
     */
    public Map<DemandStatus, Long> countByStatus(Filter f, GridworkUser viewer) {
        Map<String, Object> params = new LinkedHashMap<>();
        String gridPath = gridFilterPath(f);
        String where = visibility(viewer, params) + filters(f, gridPath, params);
        List<String> parts = new ArrayList<>();
        for (Branch b : branches(viewer, gridPath, rareStatuses(f), params)) {
            parts.add("select d.id, d.status from " + b.from() + " where " + b.condition() + reachTime(b, f) + " and " + where);
        }
        Map<DemandStatus, Long> out = new java.util.EnumMap<>(DemandStatus.class);
        // union: a demand the viewer reported under a grid of their scope is counted once
        jdbc.sql("select x.status, count(*) from (" + String.join(" union ", parts) + ") x group by x.status").params(params)
                .query(rs -> {
                    out.put(DemandStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return out;
    }

    /**
     * The open demands the viewer's inbox lists under a grid, counted per building (one grouped read), with those of
     * them past a time limit (red): the figures behind {@code /demands?grid=&building=&status=OPEN} and {@code colour=RED}.
     * Demands without a building are counted under the key 0.
     */
    public Map<Long, long[]> openByBuilding(long gridId, GridworkUser viewer) {
        Map<String, Object> params = new LinkedHashMap<>();
        Set<DemandStatus> open = java.util.Arrays.stream(DemandStatus.values()).filter(DemandStatus::isOpen)
                .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(DemandStatus.class)));
        String where = scopedWhere(new Filter(open, null, null, null, null, null, gridId, null, 0, 1), viewer, params);
        params.put("redNow", Timestamp.from(Instant.now()));
        params.put("redOpen", DemandService.openStatuses().stream().map(Enum::name).toList());
        String red = "d.status in (:redOpen) and ((d.responded_at is null and d.respond_due_at < :redNow)"
                + " or (d.responded_at is not null and d.resolve_due_at < :redNow))";
        Map<Long, long[]> out = new LinkedHashMap<>();
        jdbc.sql("select coalesce(d.building_id, 0), count(*), sum(case when " + red + " then 1 else 0 end) from demand d where "
                + where + " group by coalesce(d.building_id, 0)").params(params)
                .query(rs -> {
                    out.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                });
        return out;
    }

    /** Demands the viewer reported themselves (whatever their roles), newest first. */
    public List<Summary> reportedBy(GridworkUser viewer, int page, int size) {
        int n = Math.max(1, Math.min(size, 500));
        return jdbc.sql(SUMMARY_SELECT + " where d.reporter_account_id = ? order by d.submitted_at desc, d.id desc limit " + n
                + " offset " + Math.max(0, page) * n).param(viewer.accountId()).query(this::summary).list();
    }

    public long countReportedBy(GridworkUser viewer) {
        return jdbc.sql("select count(*) from demand where reporter_account_id = ?").param(viewer.accountId())
                .query(Long.class).single();
    }

    /** Where a demand sits and whether the viewer reported it: what pages need to offer the right actions. */
    public record Standing(String gridPath, boolean reporter) {
    }

    public Standing standing(long id, GridworkUser viewer) {
        Demand d = demands.require(id);
        return new Standing(d.gridPath, d.reporterAccountId != null && d.reporterAccountId == viewer.accountId());
    }

    /** The id of a demand by its reference number, if the viewer may see it. */
    public Optional<Long> idOfRef(String refNo, GridworkUser viewer) {
        if (refNo == null || refNo.isBlank()) {
            return Optional.empty();
        }
        return list(new Filter(null, null, null, null, null, null, null, refNo, 0, 1), viewer).stream().map(Summary::id).findFirst();
    }

    /** Yellow and red demands in the viewer's scope, grouped by each open party (GRID when none yet). */
    public Board board(GridworkUser viewer) {
        List<Summary> hot = new ArrayList<>();
        hot.addAll(list(new Filter(null, null, null, Colour.RED, null, null, null, null, 0, 500), viewer));
        hot.addAll(list(new Filter(null, null, null, Colour.YELLOW, null, null, null, null, 0, 500), viewer));
        Map<Party, List<Summary>> byParty = new LinkedHashMap<>();
        for (Summary s : hot) {
            List<Party> parties = s.openParties().isEmpty() ? List.of(Party.GRID) : s.openParties();
            for (Party p : parties) {
                byParty.computeIfAbsent(p, k -> new ArrayList<>()).add(s);
            }
        }
        int red = (int) hot.stream().filter(s -> s.colour() == Colour.RED).count();
        return new Board(byParty, hot.size() - red, red);
    }

    /** Open demands of the same category at the same building, or within ~100 m, other than {@code exceptId}. */
    public List<Summary> possibleDuplicates(String categoryCode, Long buildingId, Double lat, Double lon, Long exceptId,
            GridworkUser viewer) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("cat", categoryCode);
        params.put("except", exceptId == null ? -1L : exceptId);
        params.put("open", DemandService.openStatuses().stream().map(Enum::name).toList());
        String near;
        if (buildingId != null) {
            params.put("building", buildingId);
            near = "d.building_id = :building";
        } else if (lat != null && lon != null) {
            params.put("lat", lat);
            params.put("lon", lon);
            near = "abs(d.lat - :lat) < 0.001 and abs(d.lon - :lon) < 0.001";
        } else {
            return List.of();
        }
        boolean staff = DemandService.isGridStaff(viewer);
        String visible = staff ? " and " + visibility(viewer, params) : "";
        List<Summary> rows = jdbc.sql(SUMMARY_SELECT + " where d.category_code = :cat and d.id <> :except and d.status in (:open) and "
                + near + visible + " order by d.submitted_at desc limit 20").params(params).query(this::summary).list();
        withParties(rows);
        if (staff) {
            return rows;
        }
        // Other residents' words stay private: a resident sees that a report exists, not what it says.
        return rows.stream().map(r -> new Summary(r.id(), r.refNo(), r.status(), r.grade(), r.categoryCode(), null, r.place(),
                r.submittedAt(), r.dueAt(), r.colour(), r.escalationLevel(), r.supervisedCount(), r.openParties(),
                r.reporterUnverified())).toList();
    }

    private String visibility(GridworkUser u, Map<String, Object> params) {
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
            } else if (!partiesOf(u).isEmpty()) {
                params.put("myParties", partiesOf(u).stream().map(Enum::name).toList());
                any.add(inScope + " and exists (select 1 from demand_assignment a where a.demand_id = d.id and a.party in (:myParties) and a.status <> 'WITHDRAWN')");
            }
        }
        return "(" + String.join(" or ", any) + ")";
    }

    private String filters(Filter f, String gridPath, Map<String, Object> params) {
        StringBuilder w = new StringBuilder();
        // "status=,," binds as a set of nulls: empty values choose nothing
        List<String> statuses = f.statuses() == null ? List.of()
                : f.statuses().stream().filter(java.util.Objects::nonNull).map(Enum::name).toList();
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
            w.append(" and ").append(at).append(" >= :from");
        }
        if (f.to() != null) {
            params.put("to", Timestamp.from(f.to()));
            w.append(" and ").append(at).append(" < :to");
        }
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
            params.put("openNow", DemandService.openStatuses().stream().map(Enum::name).toList());
            String red = "((d.responded_at is null and d.respond_due_at < :now) or (d.responded_at is not null and d.resolve_due_at < :now))";
            String yellow = "((d.responded_at is null and d.respond_yellow_at <= :now) or (d.responded_at is not null and d.resolve_yellow_at <= :now))";
            w.append(" and d.status in (:openNow) and ");
            w.append(switch (f.colour()) {
                case RED -> red;
                case YELLOW -> yellow + " and not " + red;
                case GREEN -> "not " + yellow;
                case NONE -> "1 = 0";
            });
        }
        return w.toString();
    }

    private Summary summary(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        DemandStatus status = DemandStatus.valueOf(rs.getString("status"));
        Instant responded = DemandRepository.inst(rs, "responded_at");
        Instant due = responded == null ? DemandRepository.inst(rs, "respond_due_at") : DemandRepository.inst(rs, "resolve_due_at");
        String where = rs.getString("compound_name") == null ? "" : rs.getString("compound_name") + " " + rs.getString("building_name")
                + (rs.getString("unit_number") == null ? "" : rs.getString("unit_number") + "单元")
                + (rs.getString("room") == null ? "" : rs.getString("room"));
        String text = rs.getString("location_text");
        String place = text == null ? where : (where.isEmpty() ? text : where + " · " + text);
        return new Summary(rs.getLong("id"), rs.getString("ref_no"), status, rs.getString("grade"), rs.getString("category_code"),
                rs.getString("description"), place, DemandRepository.inst(rs, "submitted_at"), status.isOpen() ? due : null,
                colour(status, DemandRepository.inst(rs, "respond_yellow_at"), DemandRepository.inst(rs, "respond_due_at"), responded,
                        DemandRepository.inst(rs, "resolve_yellow_at"), DemandRepository.inst(rs, "resolve_due_at"), Instant.now()),
                rs.getInt("escalation_level"), rs.getInt("supervised_count"), new ArrayList<>(), rs.getBoolean("reporter_unverified"));
    }

    /** Fills the open parties of a page of summaries with one query. */
    private List<Summary> withParties(List<Summary> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, Summary> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        jdbc.sql("select demand_id, party from demand_assignment where demand_id in (:ids) and status in ('OPEN','IN_PROGRESS') order by id")
                .param("ids", List.copyOf(byId.keySet()))
                .query(rs -> {
                    byId.get(rs.getLong(1)).openParties().add(Party.valueOf(rs.getString(2)));
                });
        return rows;
    }
}
