package io.gridwork.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The running campaigns' coverage summed per grid: what the counter rows say, and at most the configured age old. */
@GridworkTest
class CoverageSumsTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CampaignApi campaigns;
    @Autowired
    GridApi grid;
    @Autowired
    TestPeople people;

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void sumsTheCounterRowsAtEveryGridAboveThemAndIsAtMostTheMaxAgeOld() {
        GridworkUser community = people.user("community");
        GridNode demo = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(demo.id(), GridLevel.COMPOUND, "覆盖汇总小区" + UUID.randomUUID(), null, null);
        GridNode other = grid.create(demo.id(), GridLevel.COMPOUND, "覆盖无关小区" + UUID.randomUUID(), null, null);
        GridNode[] micros = new GridNode[2];
        for (int m = 0; m < 2; m++) {
            micros[m] = grid.create(compound.id(), GridLevel.MICRO, "覆盖汇总微网格" + m, null, null);
            long unit = grid.createUnit(grid.createBuilding(compound.id(), micros[m].id(), "" + (m + 1), (m + 1) + "栋", 6, null, null), "1");
            for (int r = 1; r <= 3; r++) {
                grid.createHousehold(unit, "20" + r, "OCCUPIED");
            }
        }
        Instant now = Instant.now();
        long campaign = campaigns.create("汇总排查" + UUID.randomUUID().toString().substring(0, 4), "INSPECTION",
                List.of(compound.id()), "gas-safety", now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS), true, community);
        List<Long> households = campaigns.households(campaign);
        campaigns.recordVisit(campaign, UUID.randomUUID().toString(), households.get(0), "DONE",
                Map.of("hose_over_two_years", false, "valve", "正常", "alarm", true), now, community);
        campaigns.recordVisit(campaign, UUID.randomUUID().toString(), households.get(1), "NOT_HOME", Map.of(), now, community);

        Hands clock = new Hands();
        CoverageSums kept = new CoverageSums(jdbc, Duration.ofSeconds(2), clock);
        CoverageSums exact = new CoverageSums(jdbc, Duration.ZERO, clock);
        for (String path : List.of(demo.path(), compound.path(), micros[0].path(), micros[1].path())) {
            assertThat(figure(kept, path, campaign)).as(path).isEqualTo(counted(campaign, path));
        }
        assertThat(figure(kept, compound.path(), campaign)).isEqualTo(new long[] {6, 1, 1});
        assertThat(kept.under(other.path())).noneMatch(c -> c.campaignId() == campaign);

        // a visit later: the kept sums say so once they are the max age old, the exact ones at once
        campaigns.recordVisit(campaign, UUID.randomUUID().toString(), households.get(4), "REFUSED", Map.of(), now, community);
        assertThat(figure(exact, compound.path(), campaign)).isEqualTo(new long[] {6, 2, 1});
        clock.now = clock.now.plusMillis(1_999);
        assertThat(figure(kept, compound.path(), campaign)).isEqualTo(new long[] {6, 1, 1});
        clock.now = clock.now.plusMillis(1);
        assertThat(figure(kept, compound.path(), campaign)).isEqualTo(new long[] {6, 2, 1}).isEqualTo(counted(campaign, compound.path()));

        // a finished campaign is no longer shown
        campaigns.finish(campaign, community);
        assertThat(kept.under(compound.path())).noneMatch(c -> c.campaignId() == campaign);
    }

    private static long[] figure(CoverageSums coverage, String path, long campaign) {
        return coverage.under(path).stream().filter(c -> c.campaignId() == campaign).findFirst()
                .map(c -> new long[] {c.inScope(), c.reached(), c.notHome()}).orElse(null);
    }

    /** The brute-force sum of the counter rows under the path. */
    private long[] counted(long campaign, String path) {
        return jdbc.sql("""
                select coalesce(sum(in_scope), 0), coalesce(sum(done + refused + vacant), 0), coalesce(sum(not_home), 0)
                  from campaign_coverage where campaign_id = ? and grid_path like ?""")
                .params(campaign, path + "%")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
    }
}
