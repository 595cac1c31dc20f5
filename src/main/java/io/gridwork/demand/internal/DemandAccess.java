package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.Party;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Who may act on a demand (grid staff of its grid, the parties with an open assignment, the reporter) and
 * the assignments they act on.
 */
@Component
class DemandAccess {

    private final JdbcClient jdbc;

    DemandAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final Set<Role> GRID_STAFF = EnumSet.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER,
            Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    static boolean isGridStaff(GridworkUser user) {
        return user.roles().stream().anyMatch(GRID_STAFF::contains);
    }

    static void requireGridStaff(Demand d, GridworkUser user) {
        if (!isGridStaff(user) || !user.covers(d.gridPath)) {
            throw ProblemException.forbidden("only grid staff of the demand's grid may do this");
        }
    }

    /** Grid staff, or a party with an open assignment on the demand. */
    void requireHandler(Demand d, GridworkUser user) {
        if (isGridStaff(user) && user.covers(d.gridPath)) {
            return;
        }
        for (Party p : openParties(d.id)) {
            if (mayActFor(p, user) && user.covers(d.gridPath)) {
                return;
            }
        }
        throw ProblemException.forbidden("only the demand's handlers may do this");
    }

    static void requireParty(Demand d, Party party, GridworkUser user) {
        if (!mayActFor(party, user) || !user.covers(d.gridPath)) {
            throw ProblemException.forbidden("only " + party + " (or grid staff on its behalf) may act on this assignment");
        }
    }

    /**
     * Which roles act for a party: each party's own role (property staff, owners committee, party branch,
     * police, doctors, lawyers, social workers, departments) for itself; admins for all; grid staff for the
     * grid, the community and, on their behalf, the service team and departments.
     */
    static boolean mayActFor(Party party, GridworkUser user) {
        if (user.isAdmin() || (party.handlerRole() != null && user.has(party.handlerRole()))) {
            return true;
        }
        return party.gridStaffActFor() && isGridStaff(user);
    }

    static void requireReporter(Demand d, GridworkUser user) {
        if (d.reporterAccountId == null || d.reporterAccountId != user.accountId()) {
            throw ProblemException.forbidden("only the resident who reported it may do this");
        }
    }

    Party assignmentParty(long demandId, long assignmentId) {
        return jdbc.sql("select party from demand_assignment where id = ? and demand_id = ?").params(assignmentId, demandId)
                .query(String.class).optional().map(Party::valueOf)
                .orElseThrow(() -> ProblemException.notFound("assignment", assignmentId));
    }

    Set<Party> openParties(long demandId) {
        return jdbc.sql("select party from demand_assignment where demand_id = ? and status in ('OPEN','IN_PROGRESS')")
                .param(demandId).query(String.class).list().stream().map(Party::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Party.class)));
    }

    static List<DemandStatus> openStatuses() {
        return List.of(DemandStatus.SUBMITTED, DemandStatus.ACCEPTED, DemandStatus.DISPATCHED, DemandStatus.IN_PROGRESS,
                DemandStatus.REOPENED);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** An open assignment for each party. */
    void addAssignments(Demand d, Set<Party> parties) {
        Timestamp now = Timestamp.from(DemandClock.now());
        for (Party p : parties) {
            jdbc.sql("insert into demand_assignment (demand_id, party, party_grid_id, status, created_at) values (?, ?, ?, 'OPEN', ?)")
                    .params(d.id, p.name(), d.compoundId, now).update();
        }
    }
}
