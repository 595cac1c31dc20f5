package io.gridwork.shared.security;

/** The roles of Gridwork. Staff roles are bounded by grid scope; residents by their household. */
public enum Role {
    RESIDENT,
    GRID_WORKER,
    GRID_LEADER,
    COMPOUND_LEADER,
    COMMUNITY_STAFF,
    STREET_STAFF,
    PROPERTY_STAFF,
    OWNERS_COMMITTEE,
    PARTY_BRANCH,
    MERCHANT,
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    /** Roles that work on grids (and therefore carry a grid scope). */
    public boolean isStaff() {
        return this != RESIDENT && this != MERCHANT;
    }
}
