package io.gridwork.campaign.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.campaign.CampaignApi;

/**
 * The coverage of the running campaigns under any grid, for the dashboards and the wall: each campaign's counter rows
 * (one per micro-grid, kept exact by the visits) summed at every grid above them, at most
 * {@code gridwork.insight.coverage-max-age} old (2 s by default; 0 reads the rows every time).
 * <p>
 * A district's sweep has 5,000 counter rows; summing them for every dashboard and wall of the district was two thirds of
 * the SQL of those pages in the suite (issue 16). Summing them above the micro-grids as the visits are recorded would
 * make every visit of a campaign wait for the same few rows. Here each campaign's rows are read once per period
 * and kept summed per grid path; a dashboard then costs one look-up per running campaign. The sums are per instance and
 * held only for running campaigns.
 */
@Component
class CoverageSums {

    private final JdbcClient jdbc;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<Long, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** One campaign's sums at every grid path above its counter rows, as of {@code at}. */
    private record Snapshot(Instant at, Map<String, long[]> byPath) {
    }

    private record Running(long id, String title, Instant deadline) {
    }

    @Autowired
    CoverageSums(JdbcClient jdbc, @Value("${gridwork.insight.coverage-max-age:2s}") Duration maxAge) {
        this(jdbc, maxAge, Clock.systemUTC());
    }

    CoverageSums(JdbcClient jdbc, Duration maxAge, Clock clock) {
        this.jdbc = jdbc;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The running campaigns with households under {@code gridPath}, by deadline, with their coverage there. */
    List<CampaignApi.RunningCoverage> under(String gridPath) {
        List<Running> running = jdbc.sql("select id, title, deadline from campaign where status = 'RUNNING' order by deadline, id")
                .query((rs, i) -> new Running(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant())).list();
        snapshots.keySet().retainAll(running.stream().map(Running::id).toList());
        List<CampaignApi.RunningCoverage> out = new ArrayList<>();
        for (Running c : running) {
            long[] sums = snapshot(c.id()).byPath().get(gridPath);
            if (sums != null) {
                out.add(new CampaignApi.RunningCoverage(c.id(), c.title(), c.deadline(), sums[0], sums[1], sums[2]));
            }
        }
        return out;
    }

    private Snapshot snapshot(long campaignId) {
        Instant now = clock.instant();
        return snapshots.compute(campaignId, (id, old) -> old != null && maxAge.isPositive() && old.at().plus(maxAge).isAfter(now)
                ? old : read(id, now));
    }

    private Snapshot read(long campaignId, Instant now) {
        Map<String, long[]> byPath = new HashMap<>();
        jdbc.sql("select grid_path, in_scope, done + refused + vacant, not_home from campaign_coverage where campaign_id = ?")
                .param(campaignId)
                .query(rs -> {
                    String path = rs.getString(1);
                    long inScope = rs.getLong(2);
                    long reached = rs.getLong(3);
                    long notHome = rs.getLong(4);
                    // every grid on the row's path: "/1/4/9/" counts at "/1/", "/1/4/" and "/1/4/9/"
                    for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
                        long[] s = byPath.computeIfAbsent(path.substring(0, slash + 1), p -> new long[3]);
                        s[0] += inScope;
                        s[1] += reached;
                        s[2] += notHome;
                    }
                });
        return new Snapshot(now, byPath);
    }
}
