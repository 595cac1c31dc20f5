package io.gridwork.shared.web;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/**
 * The links of the page header for the signed-in account, decided once per page from its roles. The layout reads
 * {@code ${@navigation.current()}} instead of evaluating a security expression per link: those were parsed on every
 * page and cost about a twentieth of a dashboard's rendering.
 */
@Component("navigation")
public class Navigation {

    /** Those who register for others: enter demands on a resident's behalf and import residents. */
    private static final Set<Role> REGISTER = EnumSet.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER,
            Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);
    private static final Set<Role> INBOX = union(REGISTER, EnumSet.of(Role.PROPERTY_STAFF, Role.OWNERS_COMMITTEE,
            Role.PARTY_BRANCH));
    private static final Set<Role> TEAM = EnumSet.of(Role.POLICE, Role.DOCTOR, Role.LAWYER, Role.SOCIAL_WORKER,
            Role.DEPARTMENT);
    private static final Set<Role> SUPERVISION = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);
    private static final Set<Role> GRID = union(REGISTER, EnumSet.of(Role.PROPERTY_STAFF, Role.PARTY_BRANCH));
    private static final Set<Role> TOKENS = EnumSet.complementOf(EnumSet.of(Role.RESIDENT));

    /** Which header links the account sees; all false (and no name) when nobody is signed in. */
    public record Links(boolean signedIn, String displayName, boolean report, boolean inbox, boolean teamInbox,
            boolean register, boolean supervision, boolean grid, boolean tokens) {
    }

    private static final Links ANONYMOUS = new Links(false, null, false, false, false, false, false, false, false);

    public Links current() {
        return CurrentUser.find().map(Navigation::of).orElse(ANONYMOUS);
    }

    static Links of(GridworkUser user) {
        boolean inbox = any(user, INBOX);
        return new Links(true, user.displayName(), user.has(Role.RESIDENT), inbox, !inbox && any(user, TEAM),
                any(user, REGISTER), any(user, SUPERVISION), any(user, GRID), any(user, TOKENS));
    }

    private static boolean any(GridworkUser user, Set<Role> roles) {
        for (Role r : user.roles()) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }

    private static Set<Role> union(Set<Role> a, Set<Role> b) {
        EnumSet<Role> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }
}
