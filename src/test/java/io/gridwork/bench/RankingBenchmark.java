package io.gridwork.bench;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import io.gridwork.transparency.RankingScaleFixture;
import io.gridwork.transparency.internal.Quarter;
import io.gridwork.transparency.internal.Rankings;

/**
 * The red/black list of a district (issue 14): 200 property companies over 300 compounds and a year of the measures
 * rollup ({@link RankingScaleFixture}), computed by the application ({@code Rankings.compute}: compounds, contracts, the
 * rollup, reports, the rectification list, scores) and, alternately in the same run, by the raw SQL of the least work
 * it needs: the served compounds' rollup sums per company for the quarter and the reports' publication times, two
 * statements. Outside the normal run (the bench package):
 * <pre>GRIDWORK_TEST_PG_URL=jdbc:postgresql://localhost:5432/gridwork_bench_ranking \
 * flock /tmp/gridwork-build.lock ./mvnw -q -B test -Dgridwork.test.db=postgres -Dtest=RankingBenchmark</pre>
 */
@GridworkTest
class RankingBenchmark {

    static final int WARMUP = 5;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 30);

    @Autowired JdbcClient jdbc;
    @Autowired JdbcTemplate template;
    @Autowired GridApi grid;
    @Autowired Rankings rankings;
    @Autowired TestPeople people;

    @Test
    void run() {
        GridNode district = RankingScaleFixture.district(grid, jdbc, template);
        Quarter q = Quarter.of(RankingScaleFixture.YEAR, 2);
        Rankings.Settings settings = rankings.settings(district.id(), people.user("admin"));
        List<Double> app = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            long a = System.nanoTime();
            int companies = rankings.compute(district, q, settings).entries().size();
            long b = System.nanoTime();
            int rawCompanies = raw(district, q);
            long c = System.nanoTime();
            if (companies != 200 || rawCompanies != 200) {
                throw new IllegalStateException("expected 200 companies, got " + companies + " and " + rawCompanies);
            }
            if (i >= WARMUP) {
                app.add((b - a) / 1e6);
                raw.add((c - b) / 1e6);
            }
        }
        double appMedian = percentile(app, 50);
        double rawMedian = percentile(raw, 50);
        System.out.printf(Locale.ROOT, "red/black list of a district, %d rounds: application median %.1f ms (p95 %.1f), raw SQL median %.1f ms"
                + " (p95 %.1f), ratio %.2f%n", ROUNDS, appMedian, percentile(app, 95), rawMedian, percentile(raw, 95), appMedian / rawMedian);
        BenchResults.record("Red/black list", "a district's quarter: 200 companies over 300 compounds, a year of rollup rows (median)",
                appMedian, rawMedian, "ms", false, "< 1000 ms", "raw: the rollup sums per company and the reports' times, two statements");
    }

    /** The least work: the served compounds' quarter sums per company from the rollup, and the reports' publication times. */
    private int raw(GridNode district, Quarter q) {
        List<Object[]> perCompany = jdbc.sql("""
                select c.company_id, sum(r.resolve_due), sum(r.resolve_on_time), sum(r.ratings), sum(r.satisfied), sum(r.found)
                  from grid_node g join transparency_contract c on c.compound_id = g.id and c.starts_on <= :last and c.ends_on >= :first
                  join demand_measure_daily r on r.grid_id = g.id and r.party = 'PROPERTY' and r.stat_day between :first and :last
                 where g.path like :path and g.level = 'COMPOUND'
                 group by c.company_id""")
                .param("first", Date.valueOf(q.first())).param("last", Date.valueOf(q.last())).param("path", district.path() + "%")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)})
                .list();
        jdbc.sql("""
                select t.compound_id, t.kind, min(t.published_at) from grid_node g join transparency_report t on t.compound_id = g.id
                 where g.path like :path and g.level = 'COMPOUND' and t.report_year = :y and t.quarter = :q and t.status = 'PUBLISHED'
                 group by t.compound_id, t.kind""")
                .param("path", district.path() + "%").param("y", q.year()).param("q", q.quarter()).query((rs, i) -> rs.getLong(1)).list();
        return perCompany.size();
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
