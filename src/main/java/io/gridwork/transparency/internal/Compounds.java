package io.gridwork.transparency.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * The compounds (小区) that contracts and disclosures belong to, and who reaches them: staff, the property company
 * and the owners committee when their grids cover the compound; a resident for the compound they live in.
 */
@Component
public class Compounds {

    /** Compounds listed at most on the picker. */
    public static final int PICKER_LIMIT = 200;

    private final GridApi grid;

    Compounds(GridApi grid) {
        this.grid = grid;
    }

    /** The compound with this id (404 when there is none, or the grid is no compound). */
    public GridNode compound(Long id) {
        if (id == null) {
            throw ProblemException.badRequest("field-required", "compoundId is required", Map.of("field", "compoundId"));
        }
        return grid.node(id).filter(n -> n.level() == GridLevel.COMPOUND && !n.retired())
                .orElseThrow(() -> ProblemException.notFound("compound", id));
    }

    /** The compound when the user reaches it (staff by grids, a resident by their home), else 404 as if absent. */
    public GridNode reached(Long id, GridworkUser user) {
        GridNode c = compound(id);
        if (!reaches(c, user)) {
            throw ProblemException.outOfReach("compound", id);
        }
        return c;
    }

    public boolean reaches(GridNode compound, GridworkUser user) {
        return user.covers(compound.path()) || homeCompound(user).map(h -> h == compound.id()).orElse(false);
    }

    /** The compound a resident lives in, through their household. */
    public Optional<Long> homeCompound(GridworkUser user) {
        if (!user.has(Role.RESIDENT) || user.householdId() == null) {
            return Optional.empty();
        }
        return grid.household(user.householdId()).map(h -> h.compoundId());
    }

    /** The compounds within the user's grids (a compound's path matches its own prefix), or their home compound. */
    public List<GridNode> inScope(GridworkUser user) {
        Map<Long, GridNode> found = new LinkedHashMap<>();
        for (String scope : user.scopePaths()) {
            grid.nodesUnder(scope, GridLevel.COMPOUND, null, PICKER_LIMIT + 1).forEach(n -> found.put(n.id(), n));
        }
        homeCompound(user).flatMap(grid::node).ifPresent(c -> found.putIfAbsent(c.id(), c));
        return List.copyOf(found.values());
    }

    public String name(long compoundId) {
        return grid.node(compoundId).map(GridNode::name).orElse("");
    }
}
