package io.gridwork.shared.security;

import io.gridwork.shared.web.ProblemException;

/** Grid-scope checks shared by every module: refuse with 403 and say what was out of reach. */
public final class Scope {

    private Scope() {
    }

    /** The signed-in staff member must cover the grid with this path. */
    public static GridworkUser requireGrid(String gridPath, String what) {
        GridworkUser user = CurrentUser.get();
        if (!user.covers(gridPath)) {
            throw ProblemException.forbidden(what + " lies outside your grids");
        }
        return user;
    }

    /** Staff covering the household's micro-grid, or the resident living there. */
    public static GridworkUser requireHousehold(long householdId, String microGridPath) {
        GridworkUser user = CurrentUser.get();
        boolean own = user.householdId() != null && user.householdId() == householdId;
        if (!own && !user.covers(microGridPath)) {
            throw ProblemException.forbidden("household " + householdId + " lies outside your grids");
        }
        return user;
    }
}
