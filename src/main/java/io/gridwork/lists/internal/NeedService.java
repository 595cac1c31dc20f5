package io.gridwork.lists.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandView;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The needs list (需求清单): what residents need, entered by staff, taken from an opinion-collection or
 * household-visit entry, or from a demand (read through {@link DemandApi}; one need per demand).
 */
@Service
public class NeedService {

    public enum Category { ELDERLY_CARE, CHILD_CARE, HEALTH, EMPLOYMENT, HOUSING, ENVIRONMENT, SAFETY, CULTURE, ASSISTANCE, OTHER }

    public enum Source { MANUAL, VISIT, OPINION, DEMAND }

    public enum Status {
        OPEN, IN_PROGRESS, MET, DROPPED;

        boolean canBecome(Status next) {
            return switch (this) {
                case OPEN -> next == IN_PROGRESS || next == MET || next == DROPPED;
                case IN_PROGRESS -> next == MET || next == DROPPED || next == OPEN;
                case MET, DROPPED -> false;
            };
        }
    }

    public record NewNeed(Long gridId, Long householdId, Category category, String title, String detail, Long routineEntryId,
            Long demandId) {
    }

    public record Need(long id, long gridId, String gridName, Long householdId, Category category, String title, String detail,
            Source source, Long routineEntryId, Long demandId, String demandRef, Status status, String statusNote,
            String createdBy, Instant createdAt, Instant updatedAt) {
    }

    public record Filter(Long gridId, Set<Status> status, Category category, Source source, LocalDate from, LocalDate to,
            String q, int limit) {
    }

    private final JdbcClient jdbc;
    private final Places places;
    private final RoutineService routine;
    private final DemandApi demands;

    NeedService(JdbcClient jdbc, Places places, RoutineService routine, DemandApi demands) {
        this.jdbc = jdbc;
        this.places = places;
        this.routine = routine;
        this.demands = demands;
    }

    @Transactional
    public Need create(NewNeed in, GridworkUser user) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the need as JSON");
        }
        Places.require(in.category(), "category");
        String title = Places.text(in.title(), "title", 200, true);
        String detail = Places.text(in.detail(), "detail", 2000, false);
        if (in.routineEntryId() != null && in.demandId() != null) {
            throw ProblemException.badRequest("one-source-only", "a need comes from a routine entry or a demand, not both",
                    Map.of("field", "demandId"));
        }
        Source source = Source.MANUAL;
        Long householdId = in.householdId();
        GridNode grid = null;
        String demandRef = null;
        if (in.routineEntryId() != null) {
            RoutineService.Entry e = routine.sourceOfNeed(in.routineEntryId(), user);
            source = e.kind() == RoutineKind.OPINION_COLLECTION ? Source.OPINION : Source.VISIT;
            grid = places.node(e.gridId());
            if (householdId == null && e.householdIds().size() == 1) {
                householdId = e.householdIds().get(0);
            }
        } else if (in.demandId() != null) {
            DemandView d = demands.find(in.demandId()).orElseThrow(() -> ProblemException.badRequest("unknown-demand",
                    "demand " + in.demandId() + " not found", Map.of("field", "demandId")));
            grid = places.node(d.microGridId() != null ? d.microGridId() : d.communityId());
            if (!user.covers(grid.path())) { // answered like a demand that does not exist
                throw ProblemException.badRequest("unknown-demand", "demand " + in.demandId() + " not found",
                        Map.of("field", "demandId"));
            }
            source = Source.DEMAND;
            demandRef = d.refNo();
            if (householdId == null) {
                householdId = d.householdId();
            }
        }
        GridNode chosen = in.gridId() != null ? places.gridInScope(in.gridId(), user, "gridId") : null;
        HouseholdView household = householdId != null ? places.householdInScope(householdId, user) : null;
        if (grid != null && chosen != null && !grid.path().startsWith(chosen.path())) {
            throw ProblemException.badRequest("grid-mismatch", "the need's source lies outside grid " + chosen.id(),
                    Map.of("field", "gridId"));
        }
        // the most precise grid: the source's, else the one named, else the household's micro-grid
        if (grid == null) {
            grid = chosen != null ? chosen : household != null ? places.node(household.microGridId()) : null;
        }
        if (grid == null) {
            throw ProblemException.badRequest("field-required", "gridId is required", Map.of("field", "gridId"));
        }
        if (household != null && !household.microGridPath().startsWith(grid.path())) {
            throw ProblemException.badRequest("household-outside-grid",
                    "household " + household.id() + " does not belong to grid " + grid.id(), Map.of("field", "householdId"));
        }
        if (in.demandId() != null && exists(in.demandId())) {
            throw ProblemException.conflict("duplicate-need", "demand " + in.demandId() + " is already on the needs list");
        }
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    insert into need_item (grid_id, grid_path, household_id, category, title, detail, source, routine_entry_id,
                        demand_id, demand_ref, created_by_id, created_by_name)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(grid.id(), grid.path(), householdId, in.category().name(), title, detail, source.name(),
                            in.routineEntryId(), in.demandId(), demandRef, user.accountId(), user.displayName())
                    .update(keys, "id");
        } catch (DuplicateKeyException raced) {
            throw ProblemException.conflict("duplicate-need", "demand " + in.demandId() + " is already on the needs list");
        }
        return find(keys.getKey().longValue()).orElseThrow();
    }

    private boolean exists(long demandId) {
        return jdbc.sql("select count(*) from need_item where demand_id = ?").param(demandId).query(Long.class).single() > 0;
    }

    @Transactional
    public Need changeStatus(long id, Status next, String note, GridworkUser user) {
        Places.require(next, "status");
        String n = Places.text(note, "note", 1000, false);
        Need need = get(id, user);
        if (!need.status().canBecome(next)) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "illegal-transition",
                    "a need that is " + need.status() + " cannot become " + next, Map.of("status", need.status().name()));
        }
        int changed = jdbc.sql("update need_item set status = ?, status_note = ?, updated_at = ? where id = ? and status = ?")
                .params(next.name(), n, Places.ts(Instant.now()), id, need.status().name()).update();
        if (changed == 0) {
            throw ProblemException.conflict("concurrent-change", "the need was changed meanwhile; reload");
        }
        return find(id).orElseThrow();
    }

    public Need get(long id, GridworkUser user) {
        Need need = find(id).orElseThrow(() -> ProblemException.notFound("need", id));
        String path = jdbc.sql("select grid_path from need_item where id = ?").param(id).query(String.class).single();
        if (!user.covers(path)) {
            throw ProblemException.outOfReach("need", id);
        }
        return need;
    }

    public java.util.Optional<Need> find(long id) {
        return jdbc.sql(SELECT + " where n.id = ?").param(id).query(this::need).optional();
    }

    private static final String SELECT = """
            select n.id, n.grid_id, n.household_id, n.category, n.title, n.detail, n.source, n.routine_entry_id, n.demand_id,
                   n.demand_ref, n.status, n.status_note, n.created_by_name, n.created_at, n.updated_at
              from need_item n""";

    private Need need(ResultSet rs, int i) throws SQLException {
        long gridId = rs.getLong("grid_id");
        return new Need(rs.getLong("id"), gridId, places.name(gridId),
                rs.getObject("household_id", Long.class), Category.valueOf(rs.getString("category")), rs.getString("title"),
                rs.getString("detail"), Source.valueOf(rs.getString("source")), rs.getObject("routine_entry_id", Long.class),
                rs.getObject("demand_id", Long.class), rs.getString("demand_ref"), Status.valueOf(rs.getString("status")),
                rs.getString("status_note"), rs.getString("created_by_name"), Places.instant(rs.getTimestamp("created_at")),
                Places.instant(rs.getTimestamp("updated_at")));
    }

    public List<Need> list(Filter f, GridworkUser user) {
        Places.period(f.from(), f.to());
        GridNode chosen = f.gridId() == null ? null : places.gridInScope(f.gridId(), user, "gridId");
        StringBuilder sql = new StringBuilder(SELECT + " where 1 = 1");
        List<Object> params = new ArrayList<>();
        Places.scope(sql, params, chosen, user);
        if (f.status() != null && !f.status().isEmpty()) {
            sql.append(" and n.status in (").append(String.join(",", f.status().stream().map(s -> "?").toList())).append(")");
            f.status().forEach(s -> params.add(s.name()));
        }
        if (f.category() != null) {
            sql.append(" and n.category = ?");
            params.add(f.category().name());
        }
        if (f.source() != null) {
            sql.append(" and n.source = ?");
            params.add(f.source().name());
        }
        Places.appendDays(sql, params, "n.created_at", f.from(), f.to());
        Places.appendSearch(sql, params, f.q(), "n.title", "n.detail");
        sql.append(" order by n.created_at desc, n.id desc limit ").append(Math.max(1, Math.min(f.limit(), 10_000)));
        return jdbc.sql(sql.toString()).params(params).query(this::need).list();
    }
}
