package io.gridwork.access.internal;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Permission;
import io.gridwork.shared.security.Role;

/**
 * Who may grant what: admin above street staff above community staff above every other role. A manager
 * grants roles of their own rank or below (street staff anything but admin, community staff anything but
 * admin and street staff), {@code PII_UNMASK} only when they hold it, and scope only inside their own.
 * Roles are treated generically: a role added to {@link Role} ranks with "the rest".
 */
final class RoleRanking {

    private RoleRanking() {
    }

    static int rank(Role role) {
        return switch (role) {
            case ADMIN -> 3;
            case STREET_STAFF -> 2;
            case COMMUNITY_STAFF -> 1;
            default -> 0;
        };
    }

    /** The highest rank among the roles. */
    static int rank(Collection<Role> roles) {
        return roles.stream().mapToInt(RoleRanking::rank).max().orElse(0);
    }

    /** Managers: admins, street and community staff. */
    static boolean manages(GridworkUser user) {
        return rank(user.roles()) >= 1;
    }

    static boolean mayGrant(GridworkUser granter, Role role) {
        return manages(granter) && rank(role) <= rank(granter.roles());
    }

    static boolean mayGrantUnmask(GridworkUser granter) {
        return manages(granter) && granter.can(Permission.PII_UNMASK);
    }

    /** Every role the granter may hand out, in declaration order. */
    static Set<Role> grantable(GridworkUser granter) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) {
            if (mayGrant(granter, r)) {
                out.add(r);
            }
        }
        return out;
    }
}
