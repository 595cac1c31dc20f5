package io.gridwork.access.internal;

import io.gridwork.shared.security.Role;

/** Groups of roles that endpoints are granted to. */
final class AccessRules {

    /** May browse grids, buildings and staffing (within scope). */
    static final String[] GRID_VIEW = names(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF,
            Role.STREET_STAFF, Role.PROPERTY_STAFF, Role.PARTY_BRANCH, Role.ADMIN);

    /** May see and maintain the household and resident register (within scope). */
    static final String[] REGISTER = names(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF,
            Role.STREET_STAFF, Role.ADMIN);

    /** May change the grid itself: create grids, draw boundaries, move buildings, assign staff. */
    static final String[] GRID_EDIT = names(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    /** May set the micro-grid rule (households and workers per micro-grid) of a street or district. */
    static final String[] GRID_RULES = names(Role.STREET_STAFF, Role.ADMIN);

    /** May act on demands as a responsible party or as grid staff. */
    static final String[] HANDLERS = names(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF,
            Role.STREET_STAFF, Role.PROPERTY_STAFF, Role.OWNERS_COMMITTEE, Role.PARTY_BRANCH, Role.ADMIN,
            Role.POLICE, Role.DOCTOR, Role.LAWYER, Role.SOCIAL_WORKER, Role.DEPARTMENT);

    /** The micro-grid service team (服务专班) and departments: act on what is dispatched to their party. */
    static final String[] SERVICE_TEAM = names(Role.POLICE, Role.DOCTOR, Role.LAWYER, Role.SOCIAL_WORKER, Role.DEPARTMENT);

    /** May create and rename party organisations, register 双报到 members and record service hours (within scope). */
    static final String[] PARTY_EDIT = names(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    /** May see the party network pages (party branches see their own organisations). */
    static final String[] PARTY_VIEW = names(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN, Role.PARTY_BRANCH);

    /** May supervise (督办) and see the supervision board. */
    static final String[] SUPERVISORS = names(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    /** May issue and revoke Open311 API keys (street staff for their own streets). */
    static final String[] OPEN311_KEYS = names(Role.STREET_STAFF, Role.ADMIN);

    /** May administer accounts (within their grids and rank, see RoleRanking). */
    static final String[] ACCOUNT_ADMINS = names(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    /**
     * May propose and decide on micro-fund expenses (微基金): the community's staff and those above them, and the roles
     * a fund committee member may hold; membership and the community are checked by the economy module.
     */
    static final String[] FUND_COMMITTEE = names(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN, Role.OWNERS_COMMITTEE,
            Role.PARTY_BRANCH, Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER);
    /** May read property contracts and the quarterly disclosures (staff and the parties within their grids, residents of their compound). */
    static final String[] TRANSPARENCY_READ = names(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN, Role.PROPERTY_STAFF,
            Role.OWNERS_COMMITTEE, Role.RESIDENT);

    private AccessRules() {
    }

    static String[] names(Role... roles) {
        String[] out = new String[roles.length];
        for (int i = 0; i < roles.length; i++) {
            out[i] = roles[i].name();
        }
        return out;
    }

    static String[] plus(String[] roles, Role... extra) {
        String[] out = java.util.Arrays.copyOf(roles, roles.length + extra.length);
        for (int i = 0; i < extra.length; i++) {
            out[roles.length + i] = extra[i].name();
        }
        return out;
    }
}
