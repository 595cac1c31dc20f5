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

    List<GridStats> childrenStats(GridNode node) {
        return stats.statsOf(grid.children(node.id()));
    }

    List<GridStats> stats(List<GridNode> nodes) {
        return stats.statsOf(nodes);
    }

    GridStats stats(GridNode node) {
        return stats.statsOf(node);
    }
}
