package io.gridwork.demand.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.DemandView.Colour;
import io.gridwork.demand.Party;
import io.gridwork.grid.GridApi;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Reading one demand: who may see it, its view with assignments and timeline, where it is, its time limit's colour. */
@Component
@org.springframework.transaction.annotation.Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
class DemandDetails {

    private final JdbcClient jdbc;
    private final DemandRepository demands;
    private final GridApi grid;

    DemandDetails(JdbcClient jdbc, DemandRepository demands, GridApi grid) {
        this.jdbc = jdbc;
        this.demands = demands;
        this.grid = grid;
    }

    /** One demand with assignments and timeline, if the viewer may see it. */
    DemandView view(long id, GridworkUser viewer) {
        Demand d = demands.require(id);
        if (!maySee(d, viewer)) {
            throw ProblemException.outOfReach("demand", id);
        }
        return toView(d, viewer);
    }

    Optional<DemandView> find(long id) {
        return demands.find(id).map(d -> toView(d, null));
    }

    /** Where a demand sits and whether the viewer reported it. */
    DemandQueries.Standing standing(long id, GridworkUser viewer) {
        Demand d = demands.require(id);
        return new DemandQueries.Standing(d.gridPath, d.reporterAccountId != null && d.reporterAccountId == viewer.accountId());
    }

    boolean maySee(Demand d, GridworkUser u) {
        if (d.reporterAccountId != null && d.reporterAccountId == u.accountId()) {
            return true;
        }
        if (!u.covers(d.gridPath)) {
            return false;
        }
        if (DemandService.isGridStaff(u)) {
            return true;
        }
        Set<Party> mine = partiesOf(u);
        return !mine.isEmpty() && jdbc.sql("select party from demand_assignment where demand_id = ? and status <> 'WITHDRAWN'")
                .param(d.id).query(String.class).list().stream().map(Party::valueOf).anyMatch(mine::contains);
    }

    /** The parties the viewer acts for by role (property staff, owners committee, party branch, the service team, ...). */
    static Set<Party> partiesOf(GridworkUser u) {
        return Party.ownedBy(u);
    }

    /** True when the viewer handles demands (grid staff or a responsible party) rather than only reporting them. */
    static boolean isHandler(GridworkUser viewer) {
        return DemandService.isGridStaff(viewer) || !partiesOf(viewer).isEmpty();
    }

    DemandView toView(Demand d, GridworkUser viewer) {
        List<DemandView.PartyAssignment> assignments = jdbc.sql("""
                select id, party, status, measures, note, created_at, started_at, done_at, withdrawn_reason
                  from demand_assignment where demand_id = ? order by id""").param(d.id)
                .query((rs, i) -> new DemandView.PartyAssignment(rs.getLong(1), Party.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), DemandRepository.inst(rs, "created_at"),
                        DemandRepository.inst(rs, "started_at"), DemandRepository.inst(rs, "done_at"), rs.getString(9)))
                .list();
        List<DemandView.TimelineEntry> timeline = jdbc.sql("""
                select at, actor_name, action, from_status, to_status, note from demand_event_log where demand_id = ? order by id""")
                .param(d.id)
                .query((rs, i) -> new DemandView.TimelineEntry(DemandRepository.inst(rs, "at"), rs.getString(2), rs.getString(3),
                        status(rs.getString(4)), status(rs.getString(5)), rs.getString(6)))
                .list();
        return toView(d, viewer, where(d.buildingId, d.unitId, d.householdId), assignments, timeline);
    }

    /**
     * The view of a demand from what is in memory: the aggregate, where it is ({@link #where}), its assignments
     * and its timeline. Intake answers with this, so that the response is not a read of what it just wrote.
     */
    DemandView toView(Demand d, GridworkUser viewer, String where, List<DemandView.PartyAssignment> assignments,
            List<DemandView.TimelineEntry> timeline) {
        boolean handler = viewer == null || isHandler(viewer);
        boolean own = viewer != null && d.reporterAccountId != null && d.reporterAccountId == viewer.accountId();
        String name = handler || own ? d.reporterName : (d.anonymous ? "匿名" : Masking.name(d.reporterName));
        return new DemandView(d.id, d.refNo, d.status, d.grade, d.categoryCode, d.description, d.channel, d.communityId,
                d.microGridId, d.buildingId, d.unitId, d.householdId, placeOf(where, d.locationText),
                name, d.contactPhoneMask, d.anonymous, d.submittedAt, d.respondDueAt, d.respondedAt, d.resolveDueAt,
                d.deadlineBinding, d.measures, d.holdReason, d.resolvedAt, d.handledOnSpot, d.closedAt, d.rating,
                d.ratingComment, d.reopenCount, d.mergedIntoId, d.escalationLevel, d.supervisedCount,
                Colour.at(d.status, d.respondYellowAt, d.respondDueAt, d.respondedAt, d.resolveYellowAt, d.resolveDueAt, Instant.now()),
                assignments, timeline, d.reporterUnverified);
    }

    private static DemandStatus status(String s) {
        return s == null ? null : DemandStatus.valueOf(s);
    }

    String place(Long buildingId, Long unitId, Long householdId, String text) {
        return placeOf(where(buildingId, unitId, householdId), text);
    }

    /** Where it is and the reporter's place text, joined by " · " (either alone when the other is missing). */
    static String placeOf(String where, String text) {
        return text == null ? where : (where.isEmpty() ? text : where + " · " + text);
    }

    /** The household's address, or compound, building and unit ("" for a point). */
    String where(Long buildingId, Long unitId, Long householdId) {
        String where;
        if (householdId != null) {
            where = grid.household(householdId).map(h -> h.address()).orElse("");
        } else if (buildingId != null) {
            where = grid.building(buildingId).map(b -> b.compoundName() + " " + b.name()).orElse("");
            if (unitId != null) {
                where += jdbc.sql("select number from v_grid_unit where id = ?").param(unitId).query(String.class).optional()
                        .map(n -> n + "单元").orElse("");
            }
        } else {
            where = "";
        }
        return where;
    }
}
