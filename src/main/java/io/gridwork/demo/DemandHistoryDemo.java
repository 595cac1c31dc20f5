package io.gridwork.demo;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandApi;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.shared.security.GridworkUser;

/**
 * A year of demands in 学府憬城 (issue 18's living demo): reported by the demo residents and entered by the worker,
 * handled by the worker and the property company, confirmed and rated; the last days leave demands new, waiting,
 * in progress, on hold and supervised, so the inbox, the supervision board and the measures have something true to
 * show. Runs once, after the group matrix demo (whose neighbours report too); off with
 * {@code gridwork.demo.history=false} (the test suite, whose tests count the demo community's demands).
 */
@Component
class DemandHistoryDemo {

    private final DemandApi demands;
    private final GridApi grid;
    private final UserDetailsService users;
    private final JdbcClient jdbc;
    private final boolean enabled;

    DemandHistoryDemo(DemandApi demands, GridApi grid, UserDetailsService users, JdbcClient jdbc,
            @Value("${gridwork.demo.enabled:true}") boolean demo, @Value("${gridwork.demo.history:true}") boolean history) {
        this.demands = demands;
        this.grid = grid;
        this.users = users;
        this.jdbc = jdbc;
        this.enabled = demo && history;
    }

    @EventListener(DemoStart.class)
    @Order(125)
    void seedOnce() {
        if (!enabled) {
            return;
        }
        List<Long> micro = jdbc.sql("select id from grid_node where name = '学府憬城第1微网格'").query(Long.class).list();
        // seeded once: a demand older than a week means the history is there
        if (micro.isEmpty() || jdbc.sql("select count(*) from demand where submitted_at < ?")
                .param(java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(7))))
                .query(Long.class).single() > 0) {
            return;
        }
        List<GridworkUser> residents = new ArrayList<>();
        for (String name : List.of("resident", "neighbour1", "neighbour2")) {
            try {
                residents.add((GridworkUser) users.loadUserByUsername(name));
            } catch (UsernameNotFoundException e) {
                // the neighbours come with the group matrix demo
            }
        }
        List<Long> buildings = grid.buildingsOf(micro.get(0)).stream().map(BuildingView::id).toList();
        if (residents.isEmpty() || buildings.isEmpty()) {
            return;
        }
        demands.seedHistory(new DemandApi.HistoryCast(residents, user("worker"), user("property"), user("community"),
                buildings), 365, 20261203L);
    }

    private GridworkUser user(String username) {
        return (GridworkUser) users.loadUserByUsername(username);
    }
}
