package io.gridwork.grid.web;

import org.springframework.stereotype.Component;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Who may change which part of the grid, shared by the structure API and pages. Roles are checked by
 * the security rules (GRID_EDIT); here the scope: a grid is changed (renamed, moved, retired) by
 * whoever covers the grid above it, so nobody moves or retires the top of their own scope; children
 * are added under a grid one covers; streets and districts only by administrators.
 */
@Component
class GridEdits {

    private final GridApi grid;

    GridEdits(GridApi grid) {
        this.grid = grid;
    }

    GridNode node(long id) {
        return grid.node(id).orElseThrow(() -> ProblemException.notFound("grid", id));
    }

    /** A grid inside the caller's scope. */
    GridNode covered(long id) {
        GridNode node = node(id);
        if (!CurrentUser.get().covers(node.path())) {
            throw ProblemException.outOfReach("grid", id);
        }
        return node;
    }

    /** A grid whose parent is inside the caller's scope (rename, move, retire). */
    GridNode changeable(long id) {
        GridNode node = node(id);
        GridworkUser user = CurrentUser.get();
        GridNode parent = node.parentId() == null ? null : node(node.parentId());
        if (!user.covers(node.path())) {
            throw ProblemException.outOfReach("grid", id);
        }
        if (!user.isAdmin() && (parent == null || !user.covers(parent.path()))) {
            throw ProblemException.forbidden("grid " + node.code() + " is changed by the level above it");
        }
        return node;
    }

    /** Adding a grid of this level under the parent. */
    GridNode parentFor(long parentId, GridLevel level) {
        GridNode parent = covered(parentId);
        if ((level == GridLevel.STREET || level == GridLevel.DISTRICT) && !CurrentUser.get().isAdmin()) {
            throw ProblemException.forbidden("only administrators create streets and districts");
        }
        return parent;
    }

    /** A compound or special grid the caller covers, for its buildings. */
    GridNode compound(long id) {
        GridNode node = covered(id);
        if (!node.level().holdsBuildings()) {
            throw ProblemException.badRequest("invalid-level", node.name() + " is not a compound or special grid");
        }
        return node;
    }

    /** A building whose compound the caller covers. */
    BuildingView building(long id) {
        BuildingView b = grid.building(id).orElseThrow(() -> ProblemException.notFound("building", id));
        covered(b.compoundId());
        return b;
    }

    /** A household whose compound the caller covers. */
    HouseholdView household(long id) {
        HouseholdView h = grid.household(id).orElseThrow(() -> ProblemException.notFound("household", id));
        covered(h.compoundId());
        return h;
    }

    /** A street or district whose rule the caller may set. */
    GridNode ruleHolder(long id) {
        GridNode node = covered(id);
        if (node.level() != GridLevel.STREET && node.level() != GridLevel.DISTRICT) {
            throw ProblemException.badRequest("invalid-level", "the household rule is set per street or district");
        }
        return node;
    }
}
