package io.gridwork.shared.security;

import io.gridwork.shared.web.ProblemException;

/**
 * Grid-scope checks shared by every module. A target outside the caller's reach is answered exactly as one that
 * does not exist (404 with the same body), so that refusals do not reveal what exists.
 */
public final class Scope {

    private Scope() {
    }

    /** The signed-in staff member must cover the grid with this path; {@code what} and {@code id} name it as asked. */
    public static GridworkUser requireGrid(String gridPath, String what, Object id) {
        GridworkUser user = CurrentUser.get();
        if (!user.covers(gridPath)) {
            throw ProblemException.outOfReach(what, id);
        }
        return user;
    }

    /** Staff covering the household's micro-grid, or the resident living there. */
    public static GridworkUser requireHousehold(long householdId, String microGridPath) {
        GridworkUser user = CurrentUser.get();
        if (!reachesHousehold(user, householdId, microGridPath)) {
            throw ProblemException.outOfReach("household", householdId);
        }
        return user;
    }

    public static boolean reachesHousehold(GridworkUser user, long householdId, String microGridPath) {
        boolean own = user.householdId() != null && user.householdId() == householdId;
        return own || user.covers(microGridPath);
    }
}
