package io.gridwork.demand.web;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/**
 * The actions a viewer may take on a demand in its current state. It mirrors the rules of
 * {@code DemandService} and the {@code Demand} aggregate so that a page offers only what would
 * succeed; the service still enforces them.
 */
public record DemandActions(boolean accept, boolean reject, boolean merge, boolean dispatch, boolean reroute,
        boolean onSpot, boolean verify, boolean hold, boolean resume, boolean plan, Set<Long> start, Set<Long> complete,
        boolean confirm, boolean reopen, boolean rate, boolean supervise) {

    static final Set<Role> GRID_STAFF = EnumSet.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER,
            Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    private static final Set<DemandStatus> WORKING = EnumSet.of(DemandStatus.ACCEPTED, DemandStatus.DISPATCHED,
            DemandStatus.IN_PROGRESS, DemandStatus.REOPENED);
    private static final Set<DemandStatus> ASSIGNED = EnumSet.of(DemandStatus.DISPATCHED, DemandStatus.IN_PROGRESS);

    static DemandActions of(DemandView d, DemandQueries.Standing standing, GridworkUser u) {
        DemandStatus s = d.status();
        boolean covers = u.covers(standing.gridPath());
        boolean grid = isGridStaff(u) && covers;
        boolean reporter = standing.reporter();
        Set<Long> start = new HashSet<>();
        Set<Long> complete = new HashSet<>();
        boolean party = false;
        boolean anyOpen = false;
        for (DemandView.PartyAssignment a : d.assignments()) {
            boolean open = a.status().equals("OPEN") || a.status().equals("IN_PROGRESS");
            anyOpen |= open;
            boolean mine = covers && mayActFor(a.party(), u);
            party |= open && mine;
            if (mine && ASSIGNED.contains(s) && a.status().equals("OPEN")) {
                start.add(a.id());
            }
            if (mine && ASSIGNED.contains(s) && open) {
                complete.add(a.id());
            }
        }
        boolean handler = grid || party;
        boolean triage = grid && (s == DemandStatus.SUBMITTED || s == DemandStatus.ACCEPTED);
        boolean supervisor = (u.has(Role.COMMUNITY_STAFF) || u.has(Role.STREET_STAFF) || u.isAdmin()) && covers;
        return new DemandActions(
                grid && s == DemandStatus.SUBMITTED,
                triage,
                triage,
                grid && (s == DemandStatus.ACCEPTED || s == DemandStatus.REOPENED),
                grid && anyOpen && EnumSet.of(DemandStatus.DISPATCHED, DemandStatus.IN_PROGRESS, DemandStatus.REOPENED).contains(s),
                triage,
                grid && s == DemandStatus.RESOLVED,
                handler && WORKING.contains(s),
                handler && s == DemandStatus.ON_HOLD,
                handler && WORKING.contains(s) && d.grade() == Grade.DIFFICULT,
                start, complete,
                reporter && s == DemandStatus.RESOLVED,
                reporter && (s == DemandStatus.RESOLVED || s == DemandStatus.CLOSED),
                reporter && s == DemandStatus.CLOSED,
                supervisor && s.isOpen() && s != DemandStatus.ON_HOLD);
    }

    public boolean canStart(long assignmentId) {
        return start.contains(assignmentId);
    }

    public boolean canComplete(long assignmentId) {
        return complete.contains(assignmentId);
    }

    /** Staff actions on the demand as a whole (the assignment buttons sit with the parties). */
    public boolean anyStaff() {
        return accept || reject || merge || dispatch || reroute || onSpot || verify || hold || resume || plan || supervise;
    }

    public boolean anyResident() {
        return confirm || reopen || rate;
    }

    static boolean isGridStaff(GridworkUser u) {
        return u.roles().stream().anyMatch(GRID_STAFF::contains);
    }

    /** Each party's own role acts for it; grid staff for the grid, the community, the service team and departments. */
    static boolean mayActFor(Party party, GridworkUser u) {
        if (u.isAdmin() || (party.handlerRole() != null && u.has(party.handlerRole()))) {
            return true;
        }
        return party.gridStaffActFor() && isGridStaff(u);
    }
}
