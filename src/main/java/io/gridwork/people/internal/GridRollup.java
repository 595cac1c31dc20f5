package io.gridwork.people.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.GridRule;

/**
 * The grid tree's counts as a rollup (issue 19): table {@code grid_rollup}, one row per grid. A
 * micro-grid's row holds its own counts (households, vacant ones, current members, leaders and workers
 * assigned today, and how many of the micro-grid rule's three checks it fails); every other grid's row
 * holds the sums over the micro-grids below it. Retired micro-grids count nothing.
 * <p>
 * Kept exact in the transaction of every change that moves a count: the change names the micro-grids it
 * touched ({@link #refresh}); each is recounted from its own buildings, households, members and staff (a
 * few hundred rows), and the difference to its stored row is added to each of its ancestors by
 * {@code update ... set x = x + d} (so concurrent changes below one street add up, under row locks taken
 * in id order). A grid that moves carries its sums from its old ancestors to its new ones
 * ({@link #repath}); a rule change recounts the warnings below it ({@link #refreshUnder}). Staff
 * assignments start and end by date: {@code grid_rollup_state.as_of} is the day the staff counts hold
 * for, and the first read of a later day recounts the micro-grids whose assignments started or ended in
 * between ({@link #current}). A null {@code as_of} (a new or bulk-loaded database) builds the whole
 * rollup once.
 * <p>
 * Reads of the grid module's data go through its read views ({@code v_grid_node}, {@code v_grid_building},
 * {@code v_grid_unit}, {@code v_grid_household}), set-based, like {@link GridStatsQuery} (see docs/architecture.md); only the
 * people module writes {@code grid_rollup}.
 */
@Component
public class GridRollup {

    /** A row of counts. */
    public record Counts(long microGrids, long households, long vacant, long people, long leaders, long workers,
            long warnings) {

        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0);

        Counts plus(Counts o) {
            return new Counts(microGrids + o.microGrids, households + o.households, vacant + o.vacant, people + o.people,
                    leaders + o.leaders, workers + o.workers, warnings + o.warnings);
        }

        Counts minus(Counts o) {
            return new Counts(microGrids - o.microGrids, households - o.households, vacant - o.vacant, people - o.people,
                    leaders - o.leaders, workers - o.workers, warnings - o.warnings);
        }

        boolean isZero() {
            return equals(ZERO);
        }

        public long staff() {
            return leaders + workers;
        }
    }

    /** A micro-grid's own figures as recounted from the base tables. */
    record Own(long id, String name, String path, boolean micro, boolean active, long households, long vacant, long people, long leaders,
            long workers) {
    }

    static final String COLUMNS = "micro_grids, households, vacant, people, leaders, workers, warnings";

    /**
     * Own counts of the given grids from the base tables: four plain queries over an explicit id list (no
     * common table expression: H2 may reuse a cached subquery result across concurrent transactions).
     */
    private List<Own> ownOf(Collection<Long> gridIds) {
        List<Own> out = new ArrayList<>();
        List<Long> all = new ArrayList<>(new TreeSet<>(gridIds));
        for (int from = 0; from < all.size(); from += 1000) {
            List<Long> ids = all.subList(from, Math.min(all.size(), from + 1000));
            Map<Long, long[]> hh = new HashMap<>();
            jdbc.sql("""
                    select b.micro_grid_id, count(h.id), sum(case when h.status = 'VACANT' then 1 else 0 end)
                      from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                     where b.micro_grid_id in (:ids) group by b.micro_grid_id""").param("ids", ids)
                    .query(rs -> {
                        hh.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    });
            Map<Long, Long> pp = new HashMap<>();
            jdbc.sql("""
                    select b.micro_grid_id, count(hm.id)
                      from household_member hm join v_grid_household h on h.id = hm.household_id
                      join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                     where hm.until is null and b.micro_grid_id in (:ids) group by b.micro_grid_id""").param("ids", ids)
                    .query(rs -> {
                        pp.put(rs.getLong(1), rs.getLong(2));
                    });
            Map<Long, long[]> st = new HashMap<>();
            jdbc.sql("""
                    select a.grid_id, sum(case when a.role = 'MICRO_GRID_LEADER' then 1 else 0 end),
                           sum(case when a.role = 'MICRO_GRID_WORKER' then 1 else 0 end)
                      from staff_assignment a
                     where a.grid_id in (:ids) and a.start_date <= current_date
                       and (a.end_date is null or a.end_date >= current_date) group by a.grid_id""").param("ids", ids)
                    .query(rs -> {
                        st.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    });
            jdbc.sql("select id, name, path, level, retired_at is null from v_grid_node where id in (:ids)").param("ids", ids)
                    .query(rs -> {
                        long id = rs.getLong(1);
                        boolean micro = "MICRO".equals(rs.getString(4));
                        long[] h = hh.getOrDefault(id, new long[2]);
                        long[] a = st.getOrDefault(id, new long[2]);
                        out.add(new Own(id, rs.getString(2), rs.getString(3), micro, micro && rs.getBoolean(5), h[0], h[1],
                                pp.getOrDefault(id, 0L), a[0], a[1]));
                    });
        }
        return out;
    }

    private List<Long> microIdsUnder(String path) {
        return jdbc.sql("select id from v_grid_node where path like ? and level = 'MICRO'").param(path + "%").query(Long.class).list();
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final TransactionTemplate ownTransaction;
    private final org.springframework.jdbc.core.JdbcTemplate template;

    GridRollup(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template, GridApi grid,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.grid = grid;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    // ---- reading ----

    /** The rows of the given grids (a grid without a row counts zero). Brings the rollup up to today first. */
    public Map<Long, Counts> countsOf(Collection<Long> gridIds) {
        current();
        Map<Long, Counts> out = new HashMap<>();
        if (gridIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select grid_id, " + COLUMNS + " from grid_rollup where grid_id in (:ids)").param("ids", gridIds)
                .query(rs -> {
                    out.put(rs.getLong(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8)));
                });
        return out;
    }

    /** A micro-grid with warnings below a path, from its rollup row (for listing the first few). */
    public record Flagged(long id, String name, String path, long households, long leaders, long workers) {
    }

    /** The first {@code limit} micro-grids below {@code path} (in path order) that fail a rule check. */
    public List<Flagged> flaggedUnder(String path, int limit) {
        current();
        return jdbc.sql("""
                select g.id, g.name, g.path, r.households, r.leaders, r.workers
                  from v_grid_node g join grid_rollup r on r.grid_id = g.id
                 where g.path like ? and g.level = 'MICRO' and g.retired_at is null and r.warnings > 0
                 order by g.path limit ?""")
                .params(path + "%", limit)
                .query((rs, i) -> new Flagged(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)))
                .list();
    }

    /**
     * Brings the staff counts to today (and builds the whole rollup if it was never built), in a
     * transaction of its own: readers may be inside a read-only one.
     */
    public void current() {
        var state = jdbc.sql("select as_of, current_date from grid_rollup_state where id = 1")
                .query((rs, i) -> new LocalDate[] {rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)}).single();
        if (state[0] != null && !state[0].isBefore(state[1])) {
            return;
        }
        ownTransaction.executeWithoutResult(tx -> bringToToday());
    }

    private void bringToToday() {
        // one instance does it; the others wait on the row and find it done
        var state = jdbc.sql("select as_of, current_date from grid_rollup_state where id = 1 for update")
                .query((rs, i) -> new LocalDate[] {rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)}).single();
        LocalDate asOf = state[0];
        LocalDate today = state[1];
        if (asOf == null) {
            rebuildNow();
            return;
        }
        if (!asOf.isBefore(today)) {
            return;
        }
        List<Long> changed = jdbc.sql("""
                select distinct grid_id from staff_assignment
                 where grid_id is not null and ((start_date > ? and start_date <= ?) or (end_date >= ? and end_date < ?))""")
                .params(Date.valueOf(asOf), Date.valueOf(today), Date.valueOf(asOf), Date.valueOf(today)).query(Long.class).list();
        refresh(changed);
        jdbc.sql("update grid_rollup_state set as_of = ? where id = 1").param(Date.valueOf(today)).update();
    }

    // ---- writing (inside the changing transaction) ----

    /**
     * Recounts the given grids' own figures (micro-grids; other grids only get their row) and adds the
     * differences to their ancestors. Call inside the transaction of the change.
     */
    public void refresh(Collection<Long> gridIds) {
        if (gridIds.isEmpty()) {
            return;
        }
        TreeSet<Long> ids = new TreeSet<>(gridIds);
        apply(ownOf(ids));
    }

    /** Recounts every micro-grid below a grid (its rule was set or cleared). */
    public void refreshBelow(long gridId) {
        grid.node(gridId).ifPresent(n -> refreshUnder(n.path()));
    }

    /** The micro-grids of the given households' buildings are recounted (members joined or left). */
    public void refreshHouseholds(Collection<Long> householdIds) {
        if (householdIds.isEmpty()) {
            return;
        }
        refresh(jdbc.sql("""
                select distinct b.micro_grid_id from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                 where h.id in (:ids) and b.micro_grid_id is not null""").param("ids", new TreeSet<>(householdIds))
                .query(Long.class).list());
    }

    /**
     * Bulk changes that know what they added (the resident import): {@code ownDeltas} holds, per
     * micro-grid, the households, vacant households and current members this transaction added to it
     * ({@code long[3]}); those micro-grids' rows move by that much instead of being recounted (a recount
     * of a micro-grid of thousands of households per chunk of an import cost more than the chunk's
     * inserts). The micro-grids of {@code recountHouseholds} are recounted as by {@link #refreshHouseholds},
     * and so is any micro-grid of both kinds, or whose row was never counted. Warnings follow the new
     * figures under the micro-grid's rule. Call inside the transaction of the change, after its writes.
     */
    public void addToOwn(Map<Long, long[]> ownDeltas, Collection<Long> recountHouseholds) {
        TreeSet<Long> recount = new TreeSet<>();
        if (!recountHouseholds.isEmpty()) {
            recount.addAll(jdbc.sql("""
                    select distinct b.micro_grid_id from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                     where h.id in (:ids) and b.micro_grid_id is not null""").param("ids", new TreeSet<>(recountHouseholds))
                    .query(Long.class).list());
        }
        Map<Long, long[]> deltas = new TreeMap<>();
        ownDeltas.forEach((id, d) -> {
            if (!recount.contains(id) && (d[0] != 0 || d[1] != 0 || d[2] != 0)) {
                deltas.put(id, d);
            }
        });
        if (deltas.isEmpty()) {
            refresh(recount);
            return;
        }
        record Node(long id, String path, boolean activeMicro) {
        }
        List<Node> nodes = jdbc.sql("select id, path, level, retired_at is null from v_grid_node where id in (:ids) order by id")
                .param("ids", deltas.keySet())
                .query((rs, i) -> new Node(rs.getLong(1), rs.getString(2),
                        "MICRO".equals(rs.getString(3)) && rs.getBoolean(4)))
                .list();
        TreeSet<Long> touched = new TreeSet<>();
        nodes.forEach(n -> touched.addAll(GridNode.ids(n.path())));
        ensureRows(touched);
        // every micro-grid row this change moves is locked at once, in id order, before any ancestor
        TreeSet<Long> locking = new TreeSet<>(recount);
        locking.addAll(deltas.keySet());
        Map<Long, Counts> old = lockedRows(locking);
        Map<Long, GridRule> rules = grid.configuredRules();
        Map<Long, Counts> ancestors = new TreeMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (Node n : nodes) {
            Counts before = old.get(n.id());
            if (!n.activeMicro() || before == null || before.microGrids() != 1) {
                recount.add(n.id()); // a retired or never counted micro-grid: counted from its rows
                continue;
            }
            long[] d = deltas.get(n.id());
            long households = before.households() + d[0];
            Counts now = new Counts(1, households, before.vacant() + d[1], before.people() + d[2], before.leaders(), before.workers(),
                    warningCount(households, before.leaders(), before.workers(), GridStatsQuery.ruleOf(n.path(), rules)));
            rows.add(new Object[] {now.microGrids(), now.households(), now.vacant(), now.people(), now.leaders(), now.workers(),
                now.warnings(), n.id()});
            Counts diff = now.minus(before);
            for (Long a : GridNode.ids(n.path())) {
                if (a != n.id()) {
                    ancestors.merge(a, diff, Counts::plus);
                }
            }
        }
        if (!rows.isEmpty()) {
            template.batchUpdate("update grid_rollup set micro_grids = ?, households = ?, vacant = ?, people = ?, leaders = ?,"
                    + " workers = ?, warnings = ? where grid_id = ?", rows);
        }
        // the recounted ones (their rows are locked already), then every ancestor once, in id order
        apply(recount.isEmpty() ? List.of() : ownOf(recount), ancestors);
    }

    /** Recounts every micro-grid below a path (a rule changed, or a grid moved under other rules). */
    public void refreshUnder(String path) {
        apply(ownOf(microIdsUnder(path)));
    }

    /**
     * A grid moved from {@code oldPath} to {@code newPath} (grid_node already carries the new paths): its
     * sums leave its old ancestors and join its new ones; then its micro-grids' warnings are recounted
     * under the rules of their new place.
     */
    public void repath(long gridId, String oldPath, String newPath) {
        ensureRows(GridNode.ids(newPath));
        Counts sums = lockedRows(List.of(gridId)).getOrDefault(gridId, Counts.ZERO);
        List<Long> before = GridNode.ids(oldPath);
        List<Long> after = GridNode.ids(newPath);
        Map<Long, Counts> deltas = new TreeMap<>();
        for (Long a : before) {
            if (a != gridId && !after.contains(a)) {
                deltas.put(a, Counts.ZERO.minus(sums));
            }
        }
        for (Long a : after) {
            if (a != gridId && !before.contains(a)) {
                deltas.put(a, sums);
            }
        }
        addTo(deltas);
        refreshUnder(newPath);
    }

    private void apply(List<Own> own) {
        apply(own, new TreeMap<>());
    }

    /** Recounted grids' rows, and their differences plus {@code deltas} added to the ancestors. */
    private void apply(List<Own> own, Map<Long, Counts> deltas) {
        if (own.isEmpty()) {
            addTo(deltas);
            return;
        }
        TreeSet<Long> touched = new TreeSet<>();
        own.forEach(o -> touched.addAll(GridNode.ids(o.path())));
        ensureRows(touched);
        Map<Long, GridRule> rules = grid.configuredRules();
        // only micro-grids hold own figures; the rows of other grids hold sums and are left alone here
        List<Own> micros = own.stream().filter(Own::micro).toList();
        Map<Long, Counts> old = lockedRows(micros.stream().map(Own::id).toList());
        List<Object[]> rows = new ArrayList<>();
        for (Own o : micros) {
            Counts now = countsOf(o, rules);
            Counts d = now.minus(old.getOrDefault(o.id(), Counts.ZERO));
            if (d.isZero()) {
                continue;
            }
            rows.add(new Object[] {now.microGrids(), now.households(), now.vacant(), now.people(), now.leaders(), now.workers(),
                now.warnings(), o.id()});
            for (Long a : GridNode.ids(o.path())) {
                if (a != o.id()) {
                    deltas.merge(a, d, Counts::plus);
                }
            }
        }
        if (!rows.isEmpty()) {
            template.batchUpdate("update grid_rollup set micro_grids = ?, households = ?, vacant = ?, people = ?, leaders = ?,"
                    + " workers = ?, warnings = ? where grid_id = ?", rows);
        }
        addTo(deltas);
    }

    private void addTo(Map<Long, Counts> deltas) {
        // in id order (TreeMap), so that concurrent changes lock the shared ancestors in the same order
        for (var e : deltas.entrySet()) {
            Counts d = e.getValue();
            if (d.isZero()) {
                continue;
            }
            jdbc.sql("""
                    update grid_rollup set micro_grids = micro_grids + ?, households = households + ?, vacant = vacant + ?,
                           people = people + ?, leaders = leaders + ?, workers = workers + ?, warnings = warnings + ?
                     where grid_id = ?""")
                    .params(d.microGrids(), d.households(), d.vacant(), d.people(), d.leaders(), d.workers(), d.warnings(), e.getKey())
                    .update();
        }
    }

    private void ensureRows(Collection<Long> ids) {
        List<Long> sorted = new ArrayList<>(new TreeSet<>(ids));
        for (int from = 0; from < sorted.size(); from += 1000) {
            jdbc.sql("""
                    insert into grid_rollup (grid_id)
                    select g.id from v_grid_node g
                     where g.id in (:ids) and not exists (select 1 from grid_rollup r where r.grid_id = g.id)
                     order by g.id
                    on conflict do nothing""").param("ids", sorted.subList(from, Math.min(sorted.size(), from + 1000))).update();
        }
    }

    private Map<Long, Counts> lockedRows(Collection<Long> ids) {
        Map<Long, Counts> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql("select grid_id, " + COLUMNS + " from grid_rollup where grid_id in (:ids) order by grid_id for update")
                .param("ids", new TreeSet<>(ids))
                .query(rs -> {
                    out.put(rs.getLong(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8)));
                });
        return out;
    }

    // ---- the whole rollup at once ----

    /** Rebuilds every row from the base tables (a new or bulk-loaded database; tests). */
    public void rebuild() {
        ownTransaction.executeWithoutResult(tx -> {
            jdbc.sql("select id from grid_rollup_state where id = 1 for update").query(rs -> {
            });
            rebuildNow();
        });
    }

    private void rebuildNow() {
        Map<Long, GridRule> rules = grid.configuredRules();
        Map<Long, Counts> sums = new HashMap<>();
        ownOf(microIdsUnder("/")).forEach(o -> {
            Counts c = countsOf(o, rules);
            for (Long a : GridNode.ids(o.path())) {
                sums.merge(a, c, Counts::plus);
            }
        });
        jdbc.sql("delete from grid_rollup").update();
        jdbc.sql("insert into grid_rollup (grid_id) select id from v_grid_node").update();
        List<Object[]> rows = new ArrayList<>();
        sums.forEach((id, c) -> {
            if (!c.isZero()) {
                rows.add(new Object[] {c.microGrids(), c.households(), c.vacant(), c.people(), c.leaders(), c.workers(),
                    c.warnings(), id});
            }
        });
        for (int from = 0; from < rows.size(); from += 1000) {
            template.batchUpdate("update grid_rollup set micro_grids = ?, households = ?, vacant = ?, people = ?, leaders = ?,"
                    + " workers = ?, warnings = ? where grid_id = ?", rows.subList(from, Math.min(rows.size(), from + 1000)));
        }
        jdbc.sql("update grid_rollup_state set as_of = current_date where id = 1").update();
    }

    // ---- helpers ----

    static Counts countsOf(Own o, Map<Long, GridRule> rules) {
        if (!o.active()) {
            return Counts.ZERO;
        }
        GridRule rule = GridStatsQuery.ruleOf(o.path(), rules);
        return new Counts(1, o.households(), o.vacant(), o.people(), o.leaders(), o.workers(),
                warningCount(o.households(), o.leaders(), o.workers(), rule));
    }

    static long warningCount(long households, long leaders, long workers, GridRule rule) {
        long w = 0;
        if (households < rule.minHouseholds() || households > rule.maxHouseholds()) {
            w++;
        }
        if (leaders != rule.leaders()) {
            w++;
        }
        if (workers < rule.minWorkers() || workers > rule.maxWorkers()) {
            w++;
        }
        return w;
    }


}
