package io.gridwork.station.internal;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * The visitor log: what residents came to the station for, recorded by the staff on duty. A visit with the visitor's
 * household becomes a demand (channel STATION) in one step, through the demand module's facade, once.
 */
@Component
public class Visits {

    /** Who keeps the log: the grid's staff and the community. */
    static final Set<Role> KEEPERS = Set.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF,
            Role.STREET_STAFF, Role.ADMIN);

    public record Visit(long id, long stationId, LocalDateTime at, String visitorName, Long householdId, String address,
            String purpose, Long demandId) {
    }

    private final JdbcClient jdbc;
    private final Stations stations;
    private final GridApi grid;
    private final DemandApi demands;
    private final StationTime time;

    Visits(JdbcClient jdbc, Stations stations, GridApi grid, DemandApi demands, StationTime time) {
        this.jdbc = jdbc;
        this.stations = stations;
        this.grid = grid;
        this.demands = demands;
        this.time = time;
    }

    private Stations.Station keeper(long stationId, GridworkUser user) {
        Stations.Station s = stations.get(stationId, user);
        if (KEEPERS.stream().noneMatch(user::has)) {
            throw ProblemException.forbidden("the grid's staff keep the visitor log");
        }
        return s;
    }

    /** Records a visit; the household, when named, lies under the station's grid. */
    @Transactional
    public Visit record(long stationId, String visitorName, Long householdId, String purpose, GridworkUser user) {
        Stations.Station s = keeper(stationId, user);
        String name = Stations.text(visitorName, 50, "visitorName", false);
        String what = Stations.text(purpose, 500, "purpose", true);
        if (householdId != null) {
            household(s, householdId);
        }
        long id = StationTime.insert(jdbc.sql("""
                insert into station_visit (station_id, visited_at, visitor_name, household_id, purpose, recorded_by)
                values (?, ?, ?, ?, ?, ?)""")
                .params(stationId, StationTime.ts(time.now()), name, householdId, what, user.accountId()));
        return find(id).orElseThrow();
    }

    private HouseholdView household(Stations.Station s, long householdId) {
        return grid.household(householdId).filter(h -> h.microGridPath() != null && h.microGridPath().startsWith(s.gridPath()))
                .orElseThrow(() -> ProblemException.badRequest("household-not-here", "no such household under the station's grid",
                        Map.of("field", "householdId")));
    }

    /**
     * Turns a visit into a demand of the category, on the visitor's behalf, entered by the staff member (once).
     * Refused: a visit without a household, one that has a demand already; the demand module's own refusals.
     */
    @Transactional
    public Visit toDemand(long visitId, String categoryCode, GridworkUser user) {
        Visit v = find(visitId).orElseThrow(() -> ProblemException.notFound("visit", visitId));
        Stations.Station s = keeper(v.stationId(), user);
        if (v.demandId() != null) {
            throw ProblemException.conflict("visit-has-demand", "this visit is a demand already");
        }
        if (v.householdId() == null) {
            throw ProblemException.badRequest("household-required", "a demand needs the visitor's household", Map.of("field", "householdId"));
        }
        if (categoryCode == null || categoryCode.isBlank()) {
            throw ProblemException.badRequest("field-required", "categoryCode is required", Map.of("field", "categoryCode"));
        }
        long demand = demands.submitExternal(new DemandApi.ExternalSubmission(categoryCode.strip(), v.purpose(), v.householdId(), null,
                null, null, s.name(), null, v.visitorName(), false, Channel.STATION, s.gridPath(), user.displayName()));
        int linked = jdbc.sql("update station_visit set demand_id = ? where id = ? and demand_id is null").params(demand, visitId).update();
        if (linked == 0) {
            throw ProblemException.conflict("visit-has-demand", "this visit is a demand already");
        }
        return find(visitId).orElseThrow();
    }

    public Optional<Visit> find(long id) {
        return load("where id = ?", id).stream().findFirst();
    }

    /** The station's latest visits (at most 100), for its staff. */
    public List<Visit> latest(long stationId, GridworkUser user) {
        keeper(stationId, user);
        return load("where station_id = ? order by visited_at desc, id desc limit 100", stationId);
    }

    private List<Visit> load(String where, Object... params) {
        return jdbc.sql("select id, station_id, visited_at, visitor_name, household_id, purpose, demand_id from station_visit " + where)
                .params(params)
                .query((rs, i) -> {
                    Long h = rs.getObject(5, Long.class);
                    return new Visit(rs.getLong(1), rs.getLong(2), LocalDateTime.ofInstant(rs.getTimestamp(3).toInstant(), StationTime.ZONE),
                            rs.getString(4), h, h == null ? null : grid.household(h).map(HouseholdView::address).orElse(null),
                            rs.getString(6), rs.getObject(7, Long.class));
                }).list();
    }
}
