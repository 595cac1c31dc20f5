package io.gridwork.deliberation.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.gridwork.access.AccountApi;
import io.gridwork.deliberation.DeliberationApi.Party;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.persistence.Like;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Who reaches and who acts. Staff reach a meeting, decision or project when their grids cover its grid or lie inside
 * it (a micro-grid's worker reaches the compound's meetings); organisers — community and street staff, admins, the
 * compound's grid leader and the party branch that convenes joint meetings — act on what their grids cover; each
 * party's own role acts on what is assigned to its party, the owner account on its own; residents reach the projects
 * of the compound they live in and the meetings they are invited to.
 */
@Component
public class Reach {

    static final Set<Role> ORGANISERS = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN, Role.COMPOUND_LEADER,
            Role.PARTY_BRANCH);
    /** Who watches the overdue list (the community's supervision). */
    static final Set<Role> SUPERVISORS = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN, Role.COMPOUND_LEADER);

    private final GridApi grid;
    private final AccountApi accounts;
    private final org.springframework.security.core.userdetails.UserDetailsService users;

    Reach(GridApi grid, AccountApi accounts, org.springframework.security.core.userdetails.UserDetailsService users) {
        this.grid = grid;
        this.accounts = accounts;
        this.users = users;
    }

    /**
     * An invitee lies in the meeting's grid: staff whose grids lie inside it or cover it, or a resident whose home is in
     * it (400 delib-invitee-outside otherwise, e.g. a resident of another compound or an account of no grid).
     */
    void requireInGrid(long accountId, String gridPath) {
        GridworkUser u;
        try {
            u = (GridworkUser) users.loadUserByUsername(accounts.usernameOf(accountId).orElseThrow());
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("unknown-account", "no such account", Map.of("field", "accountId"));
        }
        boolean staff = u.scopePaths().stream().anyMatch(s -> s.startsWith(gridPath) || gridPath.startsWith(s));
        boolean lives = u.householdId() != null && grid.household(u.householdId()).map(h -> {
            String home = h.microGridPath() != null ? h.microGridPath() : grid.node(h.compoundId()).map(GridNode::path).orElse("");
            return home.startsWith(gridPath) || grid.node(h.compoundId()).map(GridNode::path).orElse("").startsWith(gridPath);
        }).orElse(false);
        if (!staff && !lives) {
            throw ProblemException.badRequest("delib-invitee-outside", "invite those who work or live in the meeting's grid",
                    Map.of("field", "accountId"));
        }
    }

    public static boolean organiser(GridworkUser user) {
        return ORGANISERS.stream().anyMatch(user::has);
    }

    public static boolean supervisor(GridworkUser user) {
        return SUPERVISORS.stream().anyMatch(user::has);
    }

    static Set<Role> rolesOf(Party party) {
        return switch (party) {
            case PROPERTY -> EnumSet.of(Role.PROPERTY_STAFF);
            case OWNERS_COMMITTEE -> EnumSet.of(Role.OWNERS_COMMITTEE);
            case PARTY_BRANCH -> EnumSet.of(Role.PARTY_BRANCH);
            case COMMUNITY -> EnumSet.of(Role.COMMUNITY_STAFF);
            case GRID_WORKERS -> EnumSet.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER);
        };
    }

    /** The parties whose role the user holds. */
    static Set<Party> partiesOf(GridworkUser user) {
        Set<Party> out = EnumSet.noneOf(Party.class);
        for (Party p : Party.values()) {
            if (rolesOf(p).stream().anyMatch(user::has)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Staff whose grids cover the path or lie inside it. */
    public static boolean staffReaches(String path, GridworkUser user) {
        return user.isStaff() && (user.covers(path) || user.scopePaths().stream().anyMatch(s -> s.startsWith(path)));
    }

    /** An organiser whose grids cover the path. */
    public static boolean organises(String path, GridworkUser user) {
        return organiser(user) && user.covers(path);
    }

    /** Whether the user may act on something assigned to {@code party} and {@code owner} under {@code path}. */
    static boolean acts(String path, Party party, Long owner, GridworkUser user) {
        if (organises(path, user) || owner != null && owner == user.accountId()) {
            return true;
        }
        return rolesOf(party).stream().anyMatch(user::has) && staffReaches(path, user);
    }

    /** The grid, live (404 when missing or retired). */
    GridNode node(long id) {
        return grid.node(id).filter(g -> !g.retired()).orElseThrow(() -> ProblemException.notFound("grid", id));
    }

    /** The compound a resident lives in (null for anyone else). */
    Long homeCompound(GridworkUser user) {
        if (user.householdId() == null) {
            return null;
        }
        return grid.household(user.householdId()).map(h -> h.compoundId()).orElse(null);
    }

    /** A grid of a meeting, named in a request: a community or compound the user organises (400 otherwise, as unknown). */
    GridNode meetingGrid(Long gridId, GridworkUser user) {
        if (gridId == null) {
            throw ProblemException.badRequest("field-required", "gridId is required", Map.of("field", "gridId"));
        }
        GridNode g = grid.node(gridId).filter(x -> !x.retired())
                .orElseThrow(() -> ProblemException.badRequest("unknown-grid", "no such grid", Map.of("field", "gridId")));
        if (!user.covers(g.path())) {
            throw ProblemException.badRequest("unknown-grid", "no such grid", Map.of("field", "gridId"));
        }
        if (g.level() != GridLevel.COMMUNITY && g.level() != GridLevel.COMPOUND) {
            throw ProblemException.badRequest("delib-grid-level", "a meeting or project belongs to a community or compound",
                    Map.of("field", "gridId"));
        }
        return g;
    }

    /** The grids (communities and compounds) an organiser may hold meetings on, for a form's choice. */
    public List<GridNode> organisedGrids(GridworkUser user) {
        List<GridNode> out = new ArrayList<>();
        if (!organiser(user)) {
            return out;
        }
        for (GridNode top : grid.topsOf(user.scopePaths())) {
            if (top.level() == GridLevel.COMMUNITY || top.level() == GridLevel.COMPOUND) {
                out.add(top);
            }
            for (GridLevel level : List.of(GridLevel.COMMUNITY, GridLevel.COMPOUND)) {
                out.addAll(grid.nodesUnder(top.path(), level, null, 50));
            }
        }
        return out.stream().filter(g -> !g.retired()).distinct().limit(100).toList();
    }

    /** An enabled account named in a request (400 as unknown otherwise). */
    void requireAccount(Long accountId, String field) {
        if (accountId == null || accounts.usernameOf(accountId).isEmpty()) {
            throw ProblemException.badRequest("unknown-account", "no such account", Map.of("field", field));
        }
    }

    Map<Long, String> names(java.util.Collection<Long> ids) {
        return accounts.displayNames(ids.stream().filter(java.util.Objects::nonNull).distinct().toList());
    }

    /** A where-clause (on {@code g.path}) for the grids a staff account reaches: inside its scope or above it. */
    static String reachSql(GridworkUser user, List<Object> params) {
        StringBuilder where = new StringBuilder("(1 = 0");
        if (user.isStaff()) {
            for (String scope : user.scopePaths()) {
                where.append(" or g.path like ?").append(Like.ESCAPE);
                params.add(Like.escape(scope) + "%");
                int i = 0;
                while ((i = scope.indexOf('/', i + 1)) > 0) {
                    where.append(" or g.path = ?");
                    params.add(scope.substring(0, i + 1));
                }
            }
        }
        return where.append(")").toString();
    }

    static String text(String value, int max, String field, boolean required) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
            }
            return null;
        }
        if (v.length() > max) {
            throw ProblemException.badRequest("too-long", field + " has at most " + max + " characters", Map.of("field", field));
        }
        return v;
    }
}
