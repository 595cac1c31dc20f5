package io.gridwork.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;

/**
 * Demo campaigns, after the demo community: last month's registration of the first micro-grid
 * (finished, a few households never at home) and tonight's gas-safety sweep of 学府憬城 (running,
 * about a third visited, some hazards), so that the coverage pages and the evaluation's campaign coverage
 * of last month and this month have something to show.
 */
@Component
class CampaignDemo {

    private static final Logger log = LoggerFactory.getLogger(CampaignDemo.class);

    private final CampaignApi campaigns;
    private final GridApi grid;
    private final UserDetailsService users;
    private final JdbcClient jdbc;
    private final boolean enabled;

    CampaignDemo(CampaignApi campaigns, GridApi grid, UserDetailsService users, JdbcClient jdbc,
            @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.campaigns = campaigns;
        this.grid = grid;
        this.users = users;
        this.jdbc = jdbc;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(100)
    void seedIfEmpty() {
        if (!enabled || campaigns.anyCampaigns()) {
            return;
        }
        var compound = grid.nodeByCode(code("学府憬城"));
        if (compound.isEmpty()) {
            return;
        }
        GridworkUser community = (GridworkUser) users.loadUserByUsername("community");
        List<GridNode> micro = grid.children(compound.get().id());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        // the same day and hour of the previous calendar month, so that the evaluation's campaign coverage of last
        // month (campaigns started in it) has this registration to show, whatever the day the demo starts on
        Instant lastMonth = now.atZone(java.time.ZoneId.of("Asia/Shanghai")).minusMonths(1).toInstant();
        long registration = campaigns.create("疫情防控入户登记（演示）", "REGISTRATION", List.of(micro.get(0).id()), "registration",
                lastMonth, lastMonth.plus(Duration.ofHours(5)), true, community);
        List<Long> households = campaigns.households(registration);
        for (int i = 0; i < households.size(); i++) {
            boolean home = i % 11 != 5;
            campaigns.recordVisit(registration, id(), households.get(i), home ? "DONE" : "NOT_HOME",
                    home ? Map.of("people_at_home", 1 + i % 4, "returned_recently", i % 17 == 0) : null,
                    lastMonth.plus(Duration.ofMinutes(2L * i)), community);
        }
        campaigns.finish(registration, community);

        Instant tonight = now.minus(Duration.ofMinutes(50));
        long gas = campaigns.create("燃气安全夜间排查（演示）", "EMERGENCY", List.of(compound.get().id()), "gas-safety", tonight,
                tonight.plus(Duration.ofHours(2)), true, community);
        households = campaigns.households(gas);
        for (int i = 0; i < households.size(); i += 3) {
            int r = i % 29;
            String outcome = r == 4 ? "NOT_HOME" : r == 7 ? "REFUSED" : r == 10 ? "VACANT" : "DONE";
            Map<String, Object> answers = outcome.equals("DONE")
                    ? Map.of("hose_over_two_years", r % 9 == 0, "valve", r == 13 ? "漏气" : "正常", "alarm", r % 5 != 0)
                    : null;
            campaigns.recordVisit(gas, id(), households.get(i), outcome, answers, tonight.plus(Duration.ofSeconds(5L * i)),
                    community);
        }
        log.info("Demo campaigns seeded: a finished registration and a running gas-safety sweep");
    }

    private String code(String name) {
        return jdbc.sql("select code from v_grid_node where name = ?").param(name).query(String.class).optional().orElse("");
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
