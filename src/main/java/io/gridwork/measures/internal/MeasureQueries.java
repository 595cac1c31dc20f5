package io.gridwork.measures.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.Party;
import io.gridwork.grid.GridNode;
import io.gridwork.measures.Measures;

/** Sums of the daily rollup over a grid's subtree, a period, a category and a party; as current as {@link MeasureFolder#freshness()}. */
@Component
@org.springframework.transaction.annotation.Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
public class MeasureQueries implements io.gridwork.measures.MeasuresApi {

    private final JdbcClient jdbc;

    private final org.springframework.beans.factory.ObjectProvider<MeasureFolder> folder;

    MeasureQueries(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<MeasureFolder> folder) {
        this.jdbc = jdbc;
        this.folder = folder;
    }

    /** Ids per {@code in (...)} list. */
    private static final int CHUNK = 1000;

    @Override
    public java.util.Map<Long, Measures> ofGrids(java.util.Collection<Long> gridIds, LocalDate from, LocalDate to, io.gridwork.demand.Party party) {
        java.util.Map<Long, Measures> out = new java.util.HashMap<>();
        java.util.List<Long> ids = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(gridIds));
        for (int i = 0; i < ids.size(); i += CHUNK) {
            jdbc.sql("select r.grid_id, " + SUMS + " from " + (party == null ? TOTALS : ROWS + " and r.party = :party")
                    + " and r.grid_id in (:grids) group by r.grid_id")
                    .param("grids", ids.subList(i, Math.min(ids.size(), i + CHUNK))).param("from", java.sql.Date.valueOf(from))
                    .param("to", java.sql.Date.valueOf(to)).param("party", party == null ? MeasureFact.ALL_PARTIES : party.name())
                    .query(rs -> {
                        long g = rs.getLong(1);
                        out.put(g, measures(g, null, rs, 2));
                    });
        }
        for (Long id : ids) {
            out.putIfAbsent(id, new Measures(id, null, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        return out;
    }

    @Override
    public io.gridwork.measures.Freshness freshness() {
        return folder.getObject().freshness();
    }

    @Override
    // not in this class's read-only transaction: the fold writes, in transactions of its own, on the primary
    @org.springframework.transaction.annotation.Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public int catchUp(java.time.Duration timeout) {
        return folder.getObject().catchUp(timeout);
    }

    @Override
    public java.util.Map<LocalDate, Measures> daily(GridNode grid, LocalDate from, LocalDate to) {
        java.util.Map<LocalDate, Measures> out = new java.util.TreeMap<>();
        // one row a day and grid: the totals need no sum
        jdbc.sql("select r.stat_day, " + COUNTERS + " from " + TOTALS + " and r.grid_id = :grid")
                .param("grid", grid.id()).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .query(rs -> {
                    out.put(rs.getObject(1, LocalDate.class), measures(grid.id(), grid.name(), rs, 2));
                });
        return out;
    }

    @Override
    public java.util.Map<String, Long> receivedByCategory(GridNode grid, LocalDate from, LocalDate to) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                select r.category_code, sum(r.found) from demand_measure_daily r
                 where r.grid_id = :grid and r.stat_day between :from and :to and r.party = :party
                 group by r.category_code having sum(r.found) > 0 order by sum(r.found) desc, r.category_code""")
                .param("grid", grid.id()).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("party", MeasureFact.ALL_PARTIES)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    @Override
    public Open open(GridNode grid) {
        return jdbc.sql("select status, colour, sum(demands) from demand_open_count where grid_id = ? group by status, colour")
                .param(grid.id())
                .query((rs, i) -> Open.of(rs.getString(1), rs.getString(2), rs.getLong(3))).list().stream()
                .reduce(Open.NONE, Open::plus);
    }

    @Override
    public java.util.Map<String, Long> openByCategory(GridNode grid, java.util.Collection<String> categories) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        categories.forEach(c -> out.put(c, 0L));
        if (categories.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                select category_code, sum(demands) from demand_open_count
                 where grid_id = :grid and category_code in (:categories) group by category_code""")
                .param("grid", grid.id()).param("categories", List.copyOf(categories))
                .query(rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    @Override
    public java.util.Map<Long, Open> openByBuilding(GridNode grid) {
        java.util.Map<Long, Open> out = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                select building_id, status, colour, sum(demands) from demand_open_count
                 where grid_id = ? group by building_id, status, colour""")
                .param(grid.id())
                .query(rs -> {
                    out.merge(rs.getLong(1), Open.of(rs.getString(2), rs.getString(3), rs.getLong(4)), Open::plus);
                });
        return out;
    }

    @Override
    public java.util.Map<DemandStatus, Long> byState(GridNode grid, LocalDate from, LocalDate to) {
        java.util.Map<DemandStatus, Long> out = new java.util.EnumMap<>(DemandStatus.class);
        jdbc.sql("""
                select s.status, sum(s.demands) from demand_state_daily s
                 where s.grid_id = :grid and s.stat_day between :from and :to
                 group by s.status having sum(s.demands) > 0""")
                .param("grid", grid.id()).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .query(rs -> {
                    out.put(DemandStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return out;
    }

    @Override
    public java.util.Map<String, java.util.Map<LocalDate, Long>> receivedByDay(GridNode grid, java.util.Collection<String> categories,
            LocalDate from, LocalDate to) {
        java.util.Map<String, java.util.Map<LocalDate, Long>> out = new java.util.LinkedHashMap<>();
        categories.forEach(c -> out.put(c, new java.util.TreeMap<>()));
        if (categories.isEmpty()) {
            return out;
        }
        // one range of demand_measure_daily_category_ix per category ('*' written out for its condition): with the codes
        // in one "in" list, PostgreSQL's generic plan read every category's rows of the days by the grid's index instead
        List<String> codes = List.copyOf(categories);
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < codes.size(); i++) {
            sql.append(i == 0 ? "" : " union all ").append("select r.category_code, r.stat_day, r.found from demand_measure_daily r")
                    .append(" where r.grid_id = :grid and r.party = '*' and r.category_code = :c").append(i)
                    .append(" and r.stat_day between :from and :to and r.found > 0");
        }
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("grid", grid.id()).param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to));
        for (int i = 0; i < codes.size(); i++) {
            statement = statement.param("c" + i, codes.get(i));
        }
        statement.query(rs -> {
            out.get(rs.getString(1)).merge(rs.getObject(2, LocalDate.class), rs.getLong(3), Long::sum);
        });
        return out;
    }

    @Override
    public java.util.Map<String, java.util.Map<Long, Long>> receivedByGrid(java.util.Collection<GridNode> grids,
            java.util.Collection<String> categories, LocalDate from, LocalDate to) {
        java.util.Map<String, java.util.Map<Long, Long>> out = new java.util.LinkedHashMap<>();
        for (String c : categories) {
            java.util.Map<Long, Long> byGrid = new java.util.LinkedHashMap<>();
            grids.forEach(g -> byGrid.put(g.id(), 0L));
            out.put(c, byGrid);
        }
        if (grids.isEmpty() || categories.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                select r.category_code, r.grid_id, sum(r.found) from demand_measure_daily r
                 where r.grid_id in (:grids) and r.party = '*' and r.stat_day between :from and :to
                   and r.category_code in (:categories)
                 group by r.category_code, r.grid_id""") // '*' written out: demand_measure_daily_category_ix
                .param("grids", grids.stream().map(GridNode::id).toList())
                .param("from", Date.valueOf(from)).param("to", Date.valueOf(to)).param("categories", List.copyOf(categories))
                .query(rs -> {
                    out.get(rs.getString(1)).put(rs.getLong(2), rs.getLong(3));
                });
        return out;
    }

    @Override
    public java.util.Map<Party, Long> receivedByParty(GridNode grid, LocalDate from, LocalDate to) {
        java.util.Map<Party, Long> out = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                select r.party, sum(r.found) from demand_measure_daily r
                 where r.grid_id = :grid and r.stat_day between :from and :to and r.party <> :party
                 group by r.party having sum(r.found) > 0 order by sum(r.found) desc, r.party""")
                .param("grid", grid.id()).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("party", MeasureFact.ALL_PARTIES)
                .query(rs -> {
                    out.put(Party.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return out;
    }

    /** Measures for the grid and everything below it, days {@code from}..{@code to} inclusive (Asia/Shanghai). */
    @Override
    public Measures of(GridNode grid, LocalDate from, LocalDate to, String category, Party party) {
        return jdbc.sql("select " + SUMS + " from " + rows(category, party) + " and r.grid_id = :grid")
                .param("grid", grid.id()).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("party", party == null ? MeasureFact.ALL_PARTIES : party.name())
                .param("category", category, java.sql.Types.VARCHAR)
                .query((rs, i) -> measures(grid.id(), grid.name(), rs, 1))
                .single();
    }

    @Override
    public List<Measures> of(List<GridNode> grids, LocalDate from, LocalDate to, String category, Party party) {
        if (grids.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, Measures> byGrid = new java.util.HashMap<>();
        java.util.Map<Long, GridNode> nodes = new java.util.HashMap<>();
        grids.forEach(g -> nodes.put(g.id(), g));
        jdbc.sql("select r.grid_id, " + SUMS + " from " + rows(category, party) + " and r.grid_id in (:grids) group by r.grid_id")
                .param("grids", List.copyOf(nodes.keySet())).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("party", party == null ? MeasureFact.ALL_PARTIES : party.name())
                .param("category", category, java.sql.Types.VARCHAR)
                .query(rs -> {
                    GridNode g = nodes.get(rs.getLong(1));
                    byGrid.put(g.id(), measures(g.id(), g.name(), rs, 2));
                });
        List<Measures> out = new ArrayList<>();
        for (GridNode g : grids) {
            out.add(byGrid.getOrDefault(g.id(), new Measures(g.id(), g.name(), 0, 0, 0, 0, 0, 0, 0, 0)));
        }
        return out;
    }

    /** The eight counters in the order of {@link Measures}. */
    private static final String COUNTERS = "r.found, r.rectified, r.respond_due, r.respond_on_time, r.resolve_due, r.resolve_on_time,"
            + " r.ratings, r.satisfied";
    /** The same summed, 0 where no row matched. */
    private static final String SUMS = "coalesce(sum(r.found), 0), coalesce(sum(r.rectified), 0), coalesce(sum(r.respond_due), 0),"
            + " coalesce(sum(r.respond_on_time), 0), coalesce(sum(r.resolve_due), 0), coalesce(sum(r.resolve_on_time), 0),"
            + " coalesce(sum(r.ratings), 0), coalesce(sum(r.satisfied), 0)";
    /** The days :from..:to of the daily totals (every category, party {@code *}), to be narrowed by grid. */
    private static final String TOTALS = "demand_measure_total r where r.stat_day between :from and :to";
    /** The days :from..:to of the daily rows of every category and party, to be narrowed by party and grid. */
    private static final String ROWS = "demand_measure_daily r where r.stat_day between :from and :to";

    /**
     * The rows that answer a category and party (each may be null: all): the totals for all of both, fifteen times
     * fewer rows than the categories' rows of party {@code *}.
     */
    private static String rows(String category, Party party) {
        return category == null && party == null ? TOTALS
                : ROWS + " and r.party = :party and (:category is null or r.category_code = :category)";
    }

    private static Measures measures(long gridId, String name, java.sql.ResultSet rs, int first) throws java.sql.SQLException {
        return new Measures(gridId, name, rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3),
                rs.getLong(first + 4), rs.getLong(first + 5), rs.getLong(first + 6), rs.getLong(first + 7));
    }
}
