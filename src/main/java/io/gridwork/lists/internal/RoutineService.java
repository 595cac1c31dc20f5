package io.gridwork.lists.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Logging routine work (五寻常), listing it, counting it per worker and per grid over a period, and
 * the information-collection list of a grid with the households whose information has gone stale.
 */
@Service
public class RoutineService {

    public record NewEntry(RoutineKind kind, Long gridId, List<Long> householdIds, LocalDate workedOn, String summary,
            String mediationParties, String mediationIssue, String mediationOutcome, Boolean agreementReached) {
    }

    public record Entry(long id, RoutineKind kind, long gridId, String gridName, LocalDate workedOn, String summary,
            String mediationParties, String mediationIssue, String mediationOutcome, Boolean agreementReached,
            List<Long> householdIds, long workerAccountId, String workerName, Instant createdAt) {
    }

    public record Filter(Long gridId, RoutineKind kind, Long workerAccountId, LocalDate from, LocalDate to, int limit) {
    }

    /** Work counted per kind, for a grid (its whole subtree) or a worker. */
    public record Tally(long id, String name, String level, Map<RoutineKind, Long> byKind, long total, long mediations,
            long agreements) {
    }

    public record Counts(long gridId, String gridName, LocalDate from, LocalDate to, Tally total, List<Tally> grids,
            List<Tally> workers) {
    }

    public record InfoRow(long householdId, String address, String householdStatus, String microGridName, Instant checkedAt,
            boolean stale) {

        /** The day of the last check in Asia/Shanghai, for pages. */
        public String checkedDay() {
            return checkedAt == null ? null : LocalDate.ofInstant(checkedAt, Places.ZONE).toString();
        }
    }

    /** One page of the list: {@code offset} rows skipped, {@code listed} = households, or the stale ones with staleOnly. */
    public record InfoList(long gridId, String gridName, int staleMonths, Instant staleBefore, long households, long stale,
            long listed, int offset, List<InfoRow> rows) {
    }

    static final int MAX_HOUSEHOLDS = 200;

    /** Building, unit and room numbers in natural order: a shorter number first, then as text ("501" before "1001"). */
    private static final String NATURAL_ADDRESS = "c.name, length(b.number), b.number, length(u.number), u.number, "
            + "length(h.room), h.room";

    private final JdbcClient jdbc;
    private final Places places;
    private final int defaultStaleMonths;

    RoutineService(JdbcClient jdbc, Places places, @Value("${gridwork.routine.stale-months:6}") int defaultStaleMonths) {
        this.jdbc = jdbc;
        this.places = places;
        this.defaultStaleMonths = defaultStaleMonths;
    }

    public int defaultStaleMonths() {
        return defaultStaleMonths;
    }

    @Transactional
    public Entry log(NewEntry in, GridworkUser user) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the entry as JSON");
        }
        Places.require(in.kind(), "kind");
        Set<Long> householdIds = new LinkedHashSet<>(in.householdIds() == null ? List.of() : in.householdIds());
        householdIds.remove(null);
        if (in.gridId() == null && householdIds.isEmpty()) {
            throw ProblemException.badRequest("grid-or-household-required", "attach the work to a grid or to households",
                    Map.of("field", "gridId"));
        }
        if (householdIds.size() > MAX_HOUSEHOLDS) {
            throw ProblemException.badRequest("too-many-households", "at most " + MAX_HOUSEHOLDS + " households per entry",
                    Map.of("field", "householdIds"));
        }
        LocalDate workedOn = in.workedOn() != null ? in.workedOn() : Places.today();
        if (workedOn.isAfter(Places.today())) {
            throw ProblemException.badRequest("worked-on-in-future", "the work cannot be logged for a future day",
                    Map.of("field", "workedOn"));
        }
        boolean mediation = in.kind() == RoutineKind.MEDIATION;
        String parties = mediation ? Places.text(in.mediationParties(), "mediationParties", 500, true) : null;
        String issue = mediation ? Places.text(in.mediationIssue(), "mediationIssue", 2000, true) : null;
        String outcome = mediation ? Places.text(in.mediationOutcome(), "mediationOutcome", 2000, true) : null;
        if (mediation) {
            Places.require(in.agreementReached(), "agreementReached");
        }
        String summary = Places.text(in.summary(), "summary", 2000, !mediation);
        if (summary == null) {
            summary = issue;
        }
        List<HouseholdView> households = new ArrayList<>();
        for (long id : householdIds) {
            households.add(places.householdInScope(id, user));
        }
        GridNode target;
        if (in.gridId() != null) {
            target = places.gridInScope(in.gridId(), user, "gridId");
            for (HouseholdView h : households) {
                if (!h.microGridPath().startsWith(target.path())) {
                    throw ProblemException.badRequest("household-outside-grid",
                            "household " + h.id() + " does not belong to grid " + target.id(), Map.of("field", "householdIds"));
                }
            }
        } else {
            Set<Long> grids = new LinkedHashSet<>();
            households.forEach(h -> grids.add(h.microGridId()));
            if (grids.size() != 1) {
                throw ProblemException.badRequest("households-span-grids",
                        "the households belong to several micro-grids: name the grid (gridId)", Map.of("field", "gridId"));
            }
            target = places.node(grids.iterator().next());
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into routine_entry (kind, grid_id, grid_path, worked_on, summary, mediation_parties, mediation_issue,
                    mediation_outcome, agreement_reached, worker_account_id, worker_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(in.kind().name(), target.id(), target.path(), java.sql.Date.valueOf(workedOn), summary, parties, issue,
                        outcome, mediation ? in.agreementReached() : null, user.accountId(), user.displayName())
                .update(keys, "id");
        long id = keys.getKey().longValue();
        Instant now = Instant.now();
        for (HouseholdView h : households) {
            jdbc.sql("insert into routine_entry_household (entry_id, household_id) values (?, ?)").params(id, h.id()).update();
            if (in.kind() == RoutineKind.INFO_COLLECTION) {
                places.markChecked(h.id(), now);
            }
        }
        return find(id).orElseThrow();
    }

    public java.util.Optional<Entry> find(long id) {
        return jdbc.sql(SELECT + " where e.id = ?").param(id).query(this::entry).list().stream().findFirst()
                .map(e -> withHouseholds(List.of(e)).get(0));
    }

    /** Adds the households of the entries, in one query. */
    private List<Entry> withHouseholds(List<Entry> entries) {
        if (entries.isEmpty()) {
            return entries;
        }
        Map<Long, List<Long>> byEntry = new java.util.HashMap<>();
        String in = String.join(",", entries.stream().map(e -> "?").toList());
        jdbc.sql("select entry_id, household_id from routine_entry_household where entry_id in (" + in + ") order by household_id")
                .params(entries.stream().map(Entry::id).map(Object.class::cast).toList())
                .query((rs, i) -> byEntry.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2))).list();
        return entries.stream().map(e -> new Entry(e.id(), e.kind(), e.gridId(), e.gridName(), e.workedOn(), e.summary(),
                e.mediationParties(), e.mediationIssue(), e.mediationOutcome(), e.agreementReached(),
                List.copyOf(byEntry.getOrDefault(e.id(), List.of())), e.workerAccountId(), e.workerName(), e.createdAt())).toList();
    }

    /** The entry, checked against the user's scope. */
    public Entry get(long id, GridworkUser user) {
        Entry e = find(id).orElseThrow(() -> ProblemException.notFound("routine entry", id));
        String path = jdbc.sql("select grid_path from routine_entry where id = ?").param(id).query(String.class).single();
        if (!user.covers(path)) {
            throw ProblemException.outOfReach("routine entry", id);
        }
        return e;
    }

    private static final String SELECT = """
            select e.id, e.kind, e.grid_id, e.worked_on, e.summary, e.mediation_parties, e.mediation_issue,
                   e.mediation_outcome, e.agreement_reached, e.worker_account_id, e.worker_name, e.created_at
              from routine_entry e""";

    private Entry entry(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        long gridId = rs.getLong("grid_id");
        Object agreement = rs.getObject("agreement_reached");
        return new Entry(id, RoutineKind.valueOf(rs.getString("kind")), gridId,
                places.name(gridId), rs.getDate("worked_on").toLocalDate(),
                rs.getString("summary"), rs.getString("mediation_parties"), rs.getString("mediation_issue"),
                rs.getString("mediation_outcome"), agreement == null ? null : rs.getBoolean("agreement_reached"), List.of(),
                rs.getLong("worker_account_id"), rs.getString("worker_name"), Places.instant(rs.getTimestamp("created_at")));
    }

    public List<Entry> list(Filter f, GridworkUser user) {
        Places.period(f.from(), f.to());
        GridNode chosen = f.gridId() == null ? null : places.gridInScope(f.gridId(), user, "gridId");
        StringBuilder sql = new StringBuilder(SELECT + " where 1 = 1");
        List<Object> params = new ArrayList<>();
        Places.scope(sql, params, chosen, user);
        if (f.kind() != null) {
            sql.append(" and e.kind = ?");
            params.add(f.kind().name());
        }
        if (f.workerAccountId() != null) {
            sql.append(" and e.worker_account_id = ?");
            params.add(f.workerAccountId());
        }
        if (f.from() != null) {
            sql.append(" and e.worked_on >= ?");
            params.add(java.sql.Date.valueOf(f.from()));
        }
        if (f.to() != null) {
            sql.append(" and e.worked_on <= ?");
            params.add(java.sql.Date.valueOf(f.to()));
        }
        sql.append(" order by e.worked_on desc, e.id desc limit ").append(Math.max(1, Math.min(f.limit(), 500)));
        return withHouseholds(jdbc.sql(sql.toString()).params(params).query(this::entry).list());
    }

    /**
     * Work in a grid's subtree over [from, to]: the total, each child grid's share (at every level the
     * caller opens) and each worker's share, by kind.
     */
    public Counts counts(Long gridId, LocalDate from, LocalDate to, GridworkUser user) {
        GridNode grid = gridId != null ? places.gridInScope(gridId, user, "gridId") : defaultGrid(user);
        // by default the last 30 days, so that the first days of a month do not show an almost empty table
        LocalDate start = from != null ? from : Places.today().minusDays(29);
        LocalDate end = to != null ? to : Places.today();
        Places.period(start, end);
        List<Object> params = List.of(grid.path() + "%", java.sql.Date.valueOf(start), java.sql.Date.valueOf(end));
        Tally total = new Tally(grid.id(), grid.name(), grid.level().name(), new EnumMap<>(RoutineKind.class), 0, 0, 0);
        Map<Long, Tally> children = new LinkedHashMap<>();
        List<GridNode> kids = places.children(grid.id());
        for (GridNode c : kids) {
            children.put(c.id(), new Tally(c.id(), c.name(), c.level().name(), new EnumMap<>(RoutineKind.class), 0, 0, 0));
        }
        record PathCount(String path, RoutineKind kind, long n, long agreements) {
        }
        List<PathCount> rows = jdbc.sql("""
                select grid_path, kind, count(*) as n, sum(case when agreement_reached then 1 else 0 end) as agreed
                  from routine_entry where grid_path like ? and worked_on >= ? and worked_on <= ?
                 group by grid_path, kind""").params(params)
                .query((rs, i) -> new PathCount(rs.getString(1), RoutineKind.valueOf(rs.getString(2)), rs.getLong(3), rs.getLong(4)))
                .list();
        for (PathCount r : rows) {
            total = add(total, r.kind(), r.n(), r.agreements());
            for (GridNode c : kids) {
                if (r.path().startsWith(c.path())) {
                    children.put(c.id(), add(children.get(c.id()), r.kind(), r.n(), r.agreements()));
                }
            }
        }
        Map<Long, Tally> workers = new LinkedHashMap<>();
        jdbc.sql("""
                select worker_account_id, max(worker_name), kind, count(*) as n,
                       sum(case when agreement_reached then 1 else 0 end) as agreed
                  from routine_entry where grid_path like ? and worked_on >= ? and worked_on <= ?
                 group by worker_account_id, kind""").params(params).query((rs, i) -> {
                    long id = rs.getLong(1);
                    Tally t = workers.computeIfAbsent(id, k -> {
                        try {
                            return new Tally(k, rs.getString(2), "WORKER", new EnumMap<>(RoutineKind.class), 0, 0, 0);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    workers.put(id, add(t, RoutineKind.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(5)));
                    return id;
                }).list();
        List<Tally> workerList = new ArrayList<>(workers.values());
        workerList.sort((a, b) -> Long.compare(b.total(), a.total()));
        return new Counts(grid.id(), grid.name(), start, end, total, new ArrayList<>(children.values()), workerList);
    }

    private static Tally add(Tally t, RoutineKind kind, long n, long agreements) {
        Map<RoutineKind, Long> byKind = new EnumMap<>(RoutineKind.class);
        byKind.putAll(t.byKind());
        byKind.merge(kind, n, Long::sum);
        boolean mediation = kind == RoutineKind.MEDIATION;
        return new Tally(t.id(), t.name(), t.level(), byKind, t.total() + n, t.mediations() + (mediation ? n : 0),
                t.agreements() + (mediation ? agreements : 0));
    }

    /** The first grid of the user's scope (a staff member's own grid). */
    public GridNode defaultGrid(GridworkUser user) {
        return places.tops(user).stream().findFirst().orElseThrow(() -> ProblemException.badRequest("field-required",
                "gridId is required", Map.of("field", "gridId")));
    }

    /**
     * The information-collection list (信息采集清单) of a grid: every household of its subtree with the
     * time its information was last checked, stale when never checked or not within {@code months}.
     * Reads the grid module's read views of households (v_grid_*): one set-based query instead of a facade call
     * per household (a compound has up to 2,000 households).
     */
    /**
     * The households of a grid, never-checked and longest-unchecked first, then by address in natural order (building
     * 2 before 10, room 501 before 1001), {@code limit} of them after {@code offset}.
     */
    public InfoList infoList(Long gridId, Integer months, boolean staleOnly, int offset, int limit, GridworkUser user) {
        GridNode grid = gridId != null ? places.gridInScope(gridId, user, "gridId") : defaultGrid(user);
        int m = months != null ? months : defaultStaleMonths;
        if (m < 1 || m > 120) {
            throw ProblemException.badRequest("invalid-months", "months must lie between 1 and 120", Map.of("field", "months"));
        }
        Instant staleBefore = Places.today().minusMonths(m).atStartOfDay(Places.ZONE).toInstant();
        String from = """
                  from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                  join v_grid_node c on c.id = b.compound_id left join v_grid_node m on m.id = b.micro_grid_id
                 where coalesce(m.path, c.path) like ?""";
        String stale = " and (h.checked_at is null or h.checked_at < ?)";
        String prefix = grid.path() + "%";
        long total = jdbc.sql("select count(*) " + from).param(prefix).query(Long.class).single();
        long staleCount = jdbc.sql("select count(*) " + from + stale).params(prefix, Places.ts(staleBefore)).query(Long.class)
                .single();
        List<Object> params = new ArrayList<>(List.of(prefix));
        String where = from;
        if (staleOnly) {
            where += stale;
            params.add(Places.ts(staleBefore));
        }
        List<InfoRow> rows = jdbc.sql("select h.id, c.name as compound, b.number as bno, u.number as uno, h.room, h.status, "
                + "m.name as micro, h.checked_at " + where
                + " order by case when h.checked_at is null then 0 else 1 end, h.checked_at, " + NATURAL_ADDRESS
                + " limit " + Math.max(1, Math.min(limit, 5000)) + " offset " + Math.max(0, offset)).params(params).query((rs, i) -> {
                    Instant checked = Places.instant(rs.getTimestamp("checked_at"));
                    return new InfoRow(rs.getLong("id"), rs.getString("compound") + " " + rs.getString("bno") + "栋"
                            + rs.getString("uno") + "单元" + rs.getString("room"), rs.getString("status"), rs.getString("micro"),
                            checked, checked == null || checked.isBefore(staleBefore));
                }).list();
        return new InfoList(grid.id(), grid.name(), m, staleBefore, total, staleCount, staleOnly ? staleCount : total,
                Math.max(0, offset), rows);
    }

    /** An opinion or visit entry that a need is taken from: in scope, of a kind that gathers needs. */
    public Entry sourceOfNeed(long entryId, GridworkUser user) {
        Entry e = find(entryId).orElseThrow(() -> ProblemException.badRequest("unknown-routine-entry",
                "routine entry " + entryId + " not found", Map.of("field", "routineEntryId")));
        get(entryId, user);
        if (e.kind() != RoutineKind.OPINION_COLLECTION && e.kind() != RoutineKind.HOUSEHOLD_VISIT) {
            throw ProblemException.badRequest("not-a-needs-source", "needs come from opinion collection or household visits, not "
                    + e.kind(), Map.of("field", "routineEntryId"));
        }
        return e;
    }
}
