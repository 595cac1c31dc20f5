package io.gridwork.economy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.people.PeopleApi;
import io.gridwork.shared.TtlCache;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The communities the economy belongs to: points are issued by a community and spent at its merchants; its staff
 * (and those above them) act on it when their grids cover it.
 */
@Component
public class Communities {

    /** Communities listed at most on a picker. */
    public static final int PICKER_LIMIT = 100;

    private final GridApi grid;
    private final PeopleApi people;
    // names on every row of a list; a renamed community shows after a minute
    private final TtlCache<Long, String> names = new TtlCache<>(Duration.ofMinutes(1), 10_000);

    Communities(GridApi grid, PeopleApi people) {
        this.grid = grid;
        this.people = people;
    }

    /** The community with this id (404 when there is none, or the grid is not a community). */
    public GridNode community(Long id) {
        if (id == null) {
            throw ProblemException.badRequest("field-required", "communityId is required", Map.of("field", "communityId"));
        }
        return grid.node(id).filter(n -> n.level() == GridLevel.COMMUNITY && !n.retired())
                .orElseThrow(() -> ProblemException.notFound("community", id));
    }

    /** The community, which the staff member's grids must cover (403 otherwise). */
    public GridNode forStaff(long id, GridworkUser user) {
        GridNode c = community(id);
        if (!user.covers(c.path())) {
            throw ProblemException.forbidden(c.name() + " lies outside your grids");
        }
        return c;
    }

    /** Staff may act on the community with this id. */
    public boolean covers(long communityId, GridworkUser user) {
        return grid.node(communityId).map(n -> user.covers(n.path())).orElse(false);
    }

    public String name(long communityId) {
        String n = names.get(communityId, id -> grid.node(id).map(GridNode::name).orElse(null));
        return n == null ? "" : n;
    }

    /** The community a person lives in now (through their household's compound), if any. */
    public Optional<GridNode> ofPerson(long personId) {
        return people.currentHouseholdOf(personId).flatMap(grid::household).flatMap(this::ofHousehold);
    }

    Optional<GridNode> ofHousehold(HouseholdView h) {
        return grid.lineage(h.compoundId()).stream().filter(n -> n.level() == GridLevel.COMMUNITY).findFirst();
    }

    /** The communities within the staff member's grids (their own, or those under their street or district). */
    public List<GridNode> inScope(GridworkUser user, String q) {
        Map<Long, GridNode> found = new LinkedHashMap<>();
        for (String scope : user.scopePaths()) {
            GridNode top = scope.equals("/") ? null : grid.topsOf(List.of(scope)).stream().findFirst().orElse(null);
            if (top != null && top.level() == GridLevel.COMMUNITY) {
                if (q == null || q.isBlank() || top.name().contains(q.strip())) {
                    found.put(top.id(), top);
                }
            } else if (top == null || top.level() == GridLevel.DISTRICT || top.level() == GridLevel.STREET) {
                grid.nodesUnder(scope, GridLevel.COMMUNITY, q == null || q.isBlank() ? null : q.strip(), PICKER_LIMIT + 1)
                        .forEach(n -> found.put(n.id(), n));
            }
        }
        return new ArrayList<>(found.values());
    }

    /** Every community, by name (for a merchant choosing where the shop is). */
    public List<GridNode> all(String q) {
        return grid.nodesUnder("/", GridLevel.COMMUNITY, q == null || q.isBlank() ? null : q.strip(), PICKER_LIMIT);
    }

    /** The street above a community, for telling communities of the same name apart. */
    public String streetOf(GridNode community) {
        return community.parentId() == null ? "" : grid.node(community.parentId()).map(GridNode::name).orElse("");
    }
}
