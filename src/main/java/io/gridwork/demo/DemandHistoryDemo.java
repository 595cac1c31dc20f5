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
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.lists.ListsApi;
import io.gridwork.shared.security.GridworkUser;

/**
 * A year of demands in 学府憬城 (issue 18's living demo): reported by the demo residents and entered by the worker,
 * handled by the worker and the property company, confirmed and rated; the last days leave demands new, waiting,
 * in progress, on hold and supervised, so the inbox, the supervision board and the measures have something true to
 * show; and this month in every other micro-grid of the compound too ({@link #livingMonth}). Runs once, after the
 * group matrix demo (whose neighbours report too); off with {@code gridwork.demo.history=false} (the test suite, whose tests count the demo community's demands).
 */
@Component
class DemandHistoryDemo {

    private final DemandApi demands;
    private final ListsApi lists;
    private final GridApi grid;
    private final UserDetailsService users;
    private final JdbcClient jdbc;
    private final boolean enabled;

    DemandHistoryDemo(DemandApi demands, ListsApi lists, GridApi grid, UserDetailsService users, JdbcClient jdbc,
            @Value("${gridwork.demo.enabled:true}") boolean demo, @Value("${gridwork.demo.history:true}") boolean history) {
        this.demands = demands;
        this.lists = lists;
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
        List<Long> micro = jdbc.sql("select id from v_grid_node where name = '学府憬城第1微网格'").query(Long.class).list();
        // seeded once: a demand older than a week means the history is there
        if (micro.isEmpty() || demands.anySubmittedBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(7)))) {
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
        livingMonth();
    }

    /**
     * This month across 学府憬城, not in the first micro-grid alone: in every other micro-grid the compound's grid leader
     * enters what residents report at the door or by phone since the first of the month, through the same loop (the
     * last days left open, so some are yellow or red today), and logs the month's household visits and information
     * checks there, so the wall, the map and the evaluation show the month as it goes.
     */
    private void livingMonth() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        GridworkUser compound = user("compound");
        GridworkUser property = user("property");
        GridworkUser community = user("community");
        List<GridNode> micros = jdbc.sql("""
                select m.id from v_grid_node m join v_grid_node c on c.id = m.parent_id
                 where c.name = '学府憬城' and c.level = 'COMPOUND' and m.level = 'MICRO' and m.name <> '学府憬城第1微网格'
                 order by m.id""").query(Long.class).list().stream().map(id -> grid.node(id).orElseThrow()).toList();
        for (int i = 0; i < micros.size(); i += 2) {
            GridNode micro = micros.get(i);
            List<BuildingView> buildings = grid.buildingsOf(micro.id());
            if (buildings.isEmpty()) {
                continue;
            }
            demands.seedHistory(new DemandApi.HistoryCast(List.of(), compound, property, community,
                    buildings.stream().map(BuildingView::id).toList()), today.getDayOfMonth() - 1, 20261204L + micro.id());
            List<Long> households = grid.householdsOfBuilding(buildings.get(0).id()).stream().map(HouseholdView::id).toList();
            for (int day = 1, h = 0; day <= today.getDayOfMonth() && h + 1 < households.size(); day += 2, h += 3) {
                java.time.LocalDate on = today.withDayOfMonth(day);
                lists.logWork("HOUSEHOLD_VISIT", null, households.subList(h, h + 2), on, "走访住户，了解近况和需求", compound);
                if (h + 2 < households.size()) {
                    lists.logWork("INFO_COLLECTION", null, List.of(households.get(h + 2)), on, "入户核实家庭成员和联系电话", compound);
                }
            }
        }
    }

    private GridworkUser user(String username) {
        return (GridworkUser) users.loadUserByUsername(username);
    }
}
