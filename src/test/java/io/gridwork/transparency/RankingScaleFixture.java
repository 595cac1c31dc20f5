package io.gridwork.transparency;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.transparency.internal.Quarter;

/**
 * A district for the red/black list at scale (made once per database): 300 compounds served by 200 property companies,
 * a year of the measures rollup (a row per compound, day and party: about 220,000 rows), each compound's two reports of
 * the second quarter. Used by {@code RankingScaleTests} and {@code io.gridwork.bench.RankingBenchmark}.
 */
public final class RankingScaleFixture {

    public static final String DISTRICT = "红黑榜规模测试区";
    public static final int YEAR = 2015;

    private RankingScaleFixture() {
    }

    public static GridNode district(GridApi grid, JdbcClient jdbc, JdbcTemplate template) {
        return grid.nodesUnder("/", GridLevel.DISTRICT, DISTRICT, 2).stream().findFirst().orElseGet(() -> build(grid, jdbc, template));
    }

    private static GridNode build(GridApi grid, JdbcClient jdbc, JdbcTemplate template) {
        int year = YEAR;
        GridNode district = grid.create(null, GridLevel.DISTRICT, DISTRICT, null, "519998");
        GridNode street = grid.create(district.id(), GridLevel.STREET, "规模测试街道", null, null);
        List<GridNode> compounds = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            GridNode community = grid.create(street.id(), GridLevel.COMMUNITY, "规模测试社区" + c, null, null);
            for (int k = 0; k < 60; k++) {
                compounds.add(grid.create(community.id(), GridLevel.COMPOUND, "规模测试小区" + c + "-" + k, null, null));
            }
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Long> companies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            jdbc.sql("insert into transparency_company (name, created_by_name, created_at) values (?, '测试', ?)")
                    .params("规模测试物业" + i, now).update();
            companies.add(jdbc.sql("select id from transparency_company where name = ?").param("规模测试物业" + i).query(Long.class).single());
        }
        List<Object[]> contracts = new ArrayList<>();
        List<Object[]> rollup = new ArrayList<>();
        List<Object[]> reports = new ArrayList<>();
        LocalDate first = LocalDate.of(year, 1, 1);
        for (int i = 0; i < compounds.size(); i++) {
            long compound = compounds.get(i).id();
            contracts.add(new Object[] {companies.get(i % 200), compound, Date.valueOf(first), Date.valueOf(LocalDate.of(year, 12, 31)),
                    150, 0, "测试", now});
            for (int d = 0; d < 365; d++) {
                Date day = Date.valueOf(first.plusDays(d));
                int due = 1 + (i + d) % 3;
                rollup.add(new Object[] {day, compound, "PROPERTY", due, due, due - (d % 2), 1, (d + i) % 4 == 0 ? 0 : 1});
                rollup.add(new Object[] {day, compound, "*", due + 2, due + 2, due, 2, 1});
            }
        }
        template.batchUpdate("""
                insert into transparency_contract (company_id, compound_id, starts_on, ends_on, fee_fen_per_m2, created_by_id,
                    created_by_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)""", contracts);
        for (int from = 0; from < rollup.size(); from += 5000) {
            template.batchUpdate("""
                    insert into demand_measure_daily (stat_day, grid_id, category_code, party, found, rectified, respond_due,
                        respond_on_time, resolve_due, resolve_on_time, ratings, satisfied) values (?, ?, 'HYGIENE', ?, ?, 0, 0, 0, ?, ?, ?, ?)""",
                    rollup.subList(from, Math.min(rollup.size(), from + 5000)));
        }
        for (int i = 0; i < compounds.size(); i++) {
            long compound = compounds.get(i).id();
            long contract = jdbc.sql("select id from transparency_contract where compound_id = ?").param(compound).query(Long.class).single();
            for (String kind : List.of("SERVICE", "FINANCE")) {
                reports.add(new Object[] {compound, contract, kind, year, 2, Timestamp.from(Quarter.of(year, 2).end().plusSeconds(86400L * (i % 30))),
                        now, now});
            }
        }
        template.batchUpdate("""
                insert into transparency_report (compound_id, contract_id, kind, report_year, quarter, version, status, published_at,
                    drafted_by_name, created_at, updated_at) values (?, ?, ?, ?, ?, 1, 'PUBLISHED', ?, '测试', ?, ?)""", reports);
        return district;
    }
}
