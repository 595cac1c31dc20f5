package io.gridwork.demand;

import java.util.EnumSet;
import java.util.Set;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/** Responsible parties (责任主体) a demand is dispatched to. */
public enum Party {
    GRID, PROPERTY, OWNERS_COMMITTEE, PARTY_BRANCH, COMMUNITY, POLICE, DOCTOR, CITY_MANAGEMENT, DEPARTMENT, LAWYER,
    SOCIAL_WORKER;

    /** The role whose accounts act for this party themselves, or null when only grid staff act for it. */
    public Role handlerRole() {
        return switch (this) {
            case PROPERTY -> Role.PROPERTY_STAFF;
            case OWNERS_COMMITTEE -> Role.OWNERS_COMMITTEE;
            case PARTY_BRANCH -> Role.PARTY_BRANCH;
            case POLICE -> Role.POLICE;
            case DOCTOR -> Role.DOCTOR;
            case LAWYER -> Role.LAWYER;
            case SOCIAL_WORKER -> Role.SOCIAL_WORKER;
            case DEPARTMENT -> Role.DEPARTMENT;
            case GRID, COMMUNITY, CITY_MANAGEMENT -> null;
        };
    }

    /**
     * Whether grid staff may act on this party's assignments on its behalf: for the grid and the
     * community, and for the service team and departments (so that work goes on where they have no
     * account); not for the property company, owners committee and party branch, who act for themselves.
     */
    public boolean gridStaffActFor() {
        return switch (this) {
            case PROPERTY, OWNERS_COMMITTEE, PARTY_BRANCH -> false;
            default -> true;
        };
    }

    /** The parties a user's roles act for themselves (property staff: PROPERTY; police: POLICE; ...). */
    public static Set<Party> ownedBy(GridworkUser user) {
        Set<Party> out = EnumSet.noneOf(Party.class);
        for (Party p : values()) {
            if (p.handlerRole() != null && user.has(p.handlerRole())) {
                out.add(p);
            }
        }
        return out;
    }
}
