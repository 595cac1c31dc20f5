package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import io.gridwork.transparency.internal.Quarter;
import io.gridwork.transparency.internal.Rankings;

/**
 * The red/black list of a district at scale: 300 compounds served by 200 property companies, a year of the measures
 * rollup (a row per compound, day and party: about 220,000 rows), each compound's two reports; every company ranked.
 * How fast it is computed is measured by {@code io.gridwork.bench.RankingBenchmark}, beside the raw SQL of the same work.
 */
@GridworkTest
class RankingScaleTests {

    @Autowired JdbcClient jdbc;
    @Autowired JdbcTemplate template;
    @Autowired GridApi grid;
    @Autowired Rankings rankings;
    @Autowired TestPeople people;

    @Test
    void aDistrictOfHundredsOfCompaniesIsRankedFromTheRollups() {
        GridNode district = RankingScaleFixture.district(grid, jdbc, template);
        Quarter q = Quarter.of(RankingScaleFixture.YEAR, 2);
        Rankings.Computed c = rankings.compute(district, q, rankings.settings(district.id(), people.user("admin")));
        assertThat(c.entries()).hasSize(200);
        assertThat(c.entries()).allSatisfy(e -> assertThat(e.resolveDue()).isPositive());
    }
}
