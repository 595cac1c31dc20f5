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
    ADMIN,
    /** Community police (社区民警) of the micro-grid service team (服务专班): handles what is dispatched to the police. */
    POLICE,
    /** Family doctors (家庭医生) of the service team. */
    DOCTOR,
    /** Lawyers (律师) of the service team. */
    LAWYER,
    /** Social workers (社工) of the service team. */
    SOCIAL_WORKER,
    /** Functional departments (职能部门). */
    DEPARTMENT;

    public String authority() {
        return "ROLE_" + name();
    }

    /** Roles that work on grids (and therefore carry a grid scope). */
    public boolean isStaff() {
        return this != RESIDENT && this != MERCHANT;
    }
}
