package io.gridwork.people.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.GridRule;
import io.gridwork.people.GridStats;

/**
 * Counts per grid: households, residents, staff and vacancies below it, with the micro-grid rule
 * checked as warnings: the rule a street or district sets (nearest up the tree), else domain.md's
 * 50–100 households, one leader, two or three workers. Retired grids are left out. The counts come from
 * the rollup ({@link GridRollup}: one row read per grid, whatever lies below it); {@link #recount} still
 * sums every micro-grid below from the base tables, for tests that check the rollup against it.
 */
@Component
public class GridStatsQuery {

    /** How many warnings a page of one grid lists (the rest are counted). */
    public static final int WARNINGS_LISTED = 50;

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final GridRollup rollup;

    GridStatsQuery(JdbcClient jdbc, GridApi grid, GridRollup rollup) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.rollup = rollup;
    }

    /** Stats of each of the given nodes from the rollup (no warnings listed, only counted). */
    public List<GridStats> statsOf(List<GridNode> nodes) {
        Map<Long, GridRollup.Counts> counts = rollup.countsOf(nodes.stream().map(GridNode::id).toList());
        List<GridStats> out = new ArrayList<>(nodes.size());
        for (GridNode n : nodes) {
            GridRollup.Counts c = counts.getOrDefault(n.id(), GridRollup.Counts.ZERO);
            out.add(new GridStats(n, c.households(), c.people(), c.staff(), c.vacant(), c.microGrids(), List.of(), c.warnings()));
        }
        return out;
    }

    /** Stats of one node from the rollup, with its first {@value #WARNINGS_LISTED} warnings listed. */
    public GridStats statsOf(GridNode node) {
        GridStats s = statsOf(List.of(node)).get(0);
        if (s.warningCount() == 0) {
            return s;
        }
        Map<Long, GridRule> rules = grid.configuredRules();
        List<GridStats.Warning> listed = new ArrayList<>();
        for (GridRollup.Flagged f : rollup.flaggedUnder(node.path(), WARNINGS_LISTED)) {
            Micro m = new Micro(f.id(), f.name(), f.path(), f.households(), 0, 0, f.leaders(), f.workers());
            listed.addAll(warningsOf(m, ruleOf(f.path(), rules)));
            if (listed.size() >= WARNINGS_LISTED) {
                break;
            }
        }
        return new GridStats(node, s.households(), s.people(), s.staff(), s.vacant(), s.microGrids(),
                listed.size() > WARNINGS_LISTED ? List.copyOf(listed.subList(0, WARNINGS_LISTED)) : listed, s.warningCount());
    }

    private record Micro(long id, String name, String path, long households, long vacant, long people, long leaders,
            long workers) {
    }

    /**
     * Stats for each of the given nodes recounted from the base tables in one pass over every micro-grid
     * below them (the brute force the rollup is checked against; too slow for a district's pages).
     */
    public List<GridStats> recount(List<GridNode> nodes) {
        List<GridStats> out = new ArrayList<>();
        if (nodes.isEmpty()) {
            return out;
        }
        String common = commonPrefix(nodes);
        List<Micro> micros = jdbc.sql("""
                with m as (select id, name, path from v_grid_node where level = 'MICRO' and retired_at is null and path like :prefix),
                hh as (select b.micro_grid_id as mid, count(h.id) as households,
                              sum(case when h.status = 'VACANT' then 1 else 0 end) as vacant
                         from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                        where b.micro_grid_id in (select id from m) group by b.micro_grid_id),
                pp as (select b.micro_grid_id as mid, count(hm.id) as people
                         from household_member hm join v_grid_household h on h.id = hm.household_id
                         join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                        where hm.until is null and b.micro_grid_id in (select id from m) group by b.micro_grid_id),
                st as (select a.grid_id as mid,
                              sum(case when a.role = 'MICRO_GRID_LEADER' then 1 else 0 end) as leaders,
                              sum(case when a.role = 'MICRO_GRID_WORKER' then 1 else 0 end) as workers
                         from staff_assignment a
                        where a.grid_id in (select id from m) and a.start_date <= current_date
                          and (a.end_date is null or a.end_date >= current_date) group by a.grid_id)
                select m.id, m.name, m.path, coalesce(hh.households, 0), coalesce(hh.vacant, 0), coalesce(pp.people, 0),
                       coalesce(st.leaders, 0), coalesce(st.workers, 0)
                  from m left join hh on hh.mid = m.id left join pp on pp.mid = m.id left join st on st.mid = m.id
                """)
                .param("prefix", common + "%")
                .query((rs, i) -> new Micro(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8)))
                .list();
        Map<Long, GridRule> rules = micros.isEmpty() ? Map.of() : grid.configuredRules();
        for (GridNode node : nodes) {
            long households = 0, people = 0, staff = 0, vacant = 0, count = 0;
            List<GridStats.Warning> warnings = new ArrayList<>();
            for (Micro m : micros) {
                if (!m.path().startsWith(node.path())) {
                    continue;
                }
                count++;
                households += m.households();
                people += m.people();
                staff += m.leaders() + m.workers();
                vacant += m.vacant();
                warnings.addAll(warningsOf(m, ruleOf(m.path(), rules)));
            }
            out.add(new GridStats(node, households, people, staff, vacant, count, warnings, warnings.size()));
        }
        return out;
    }

    /** The nearest rule up the micro-grid's path (streets and districts set them), else the default. */
    static GridRule ruleOf(String path, Map<Long, GridRule> rules) {
        if (rules.isEmpty()) {
            return GridRule.DEFAULT;
        }
        String[] ids = path.split("/");
        for (int i = ids.length - 1; i >= 0; i--) {
            if (!ids[i].isEmpty()) {
                GridRule r = rules.get(Long.parseLong(ids[i]));
                if (r != null) {
                    return r;
                }
            }
        }
        return GridRule.DEFAULT;
    }

    private static List<GridStats.Warning> warningsOf(Micro m, GridRule rule) {
        List<GridStats.Warning> w = new ArrayList<>();
        if (m.households() < rule.minHouseholds() || m.households() > rule.maxHouseholds()) {
            w.add(new GridStats.Warning(m.id(), m.name(), "size", m.households(), rule.minHouseholds(), rule.maxHouseholds()));
        }
        if (m.leaders() != rule.leaders()) {
            w.add(new GridStats.Warning(m.id(), m.name(), "leader", m.leaders(), rule.leaders(), rule.leaders()));
        }
        if (m.workers() < rule.minWorkers() || m.workers() > rule.maxWorkers()) {
            w.add(new GridStats.Warning(m.id(), m.name(), "workers", m.workers(), rule.minWorkers(), rule.maxWorkers()));
        }
        return w;
    }

    private static String commonPrefix(List<GridNode> nodes) {
        String prefix = nodes.get(0).path();
        for (GridNode n : nodes) {
            while (!n.path().startsWith(prefix)) {
                prefix = prefix.substring(0, prefix.lastIndexOf('/', prefix.length() - 2) + 1);
            }
        }
        return prefix;
    }
}
