package io.gridwork.people.web;

import java.util.List;

import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.people.GridStats;
import io.gridwork.people.internal.GridStatsQuery;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Scope;
import io.gridwork.shared.web.ProblemException;

/** Shared lookups of the grid pages and API: scoped nodes and their stats. */
@Component
class GridViews {

    private final GridApi grid;
    private final GridStatsQuery stats;

    GridViews(GridApi grid, GridStatsQuery stats) {
        this.grid = grid;
        this.stats = stats;
    }

    GridNode scopedNode(long id) {
        GridNode node = grid.node(id).orElseThrow(() -> ProblemException.notFound("grid", id));
        Scope.requireGrid(node.path(), "grid", id);
        return node;
    }

    /** The grids at the top of the user's scope. */
    List<GridNode> scopeRoots(GridworkUser user) {
        return grid.topsOf(user.scopePaths());
    }

    /** Children per page on the grid pages and the tree (issue 19). */
    static final int PAGE = 50;

    /** One page of a grid's children with their counts, and the code to continue after (null: the last page). */
    record ChildPage(List<GridStats> items, String next) {
    }

    /**
     * The children of a grid after the one coded {@code after} (null: from the first), at most {@code size}, in
     * code order, each with its counts from the rollup. A cursor that is not a grid code is a 400 invalid-cursor.
     */
    ChildPage children(GridNode node, String after, int size) {
        if (after != null && !after.isEmpty() && !after.matches("\\d{1,40}")) {
            throw ProblemException.badRequest("invalid-cursor", "after is the code of the last grid of the page before",
                    java.util.Map.of("field", "after"));
        }
        List<GridNode> page = grid.childrenAfter(node.id(), after == null || after.isEmpty() ? null : after, size + 1);
        String next = page.size() > size ? page.get(size - 1).code() : null;
        return new ChildPage(stats.statsOf(page.size() > size ? page.subList(0, size) : page), next);
    }

    List<GridStats> childrenStats(GridNode node) {
        return children(node, null, PAGE).items();
    }

    List<GridStats> stats(List<GridNode> nodes) {
        return stats.statsOf(nodes);
    }

    GridStats stats(GridNode node) {
        return stats.statsOf(node);
    }
}
