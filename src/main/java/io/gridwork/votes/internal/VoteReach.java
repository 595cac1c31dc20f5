package io.gridwork.votes.internal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/** Who reaches a grid's votes: staff whose grids cover it or lie inside it; a resident whose home lies inside it. */
@Component
public class VoteReach {

    private final GridApi grid;

    VoteReach(GridApi grid) {
        this.grid = grid;
    }

    /** Staff whose scope covers the path, or whose grids lie below it (a micro-grid leader sees the compound's polls). */
    public static boolean staffSees(String path, GridworkUser user) {
        if (!user.isStaff()) {
            return false;
        }
        return user.covers(path) || user.scopePaths().stream().anyMatch(s -> s.startsWith(path));
    }

    /** The grid path of a resident's home: its micro-grid's, else its compound's. */
    public Optional<String> homePath(GridworkUser user) {
        if (!user.has(Role.RESIDENT) || user.householdId() == null) {
            return Optional.empty();
        }
        Optional<HouseholdView> h = grid.household(user.householdId());
        if (h.isEmpty()) {
            return Optional.empty();
        }
        if (h.get().microGridPath() != null) {
            return Optional.of(h.get().microGridPath());
        }
        return grid.node(h.get().compoundId()).map(n -> n.path());
    }

    public boolean residentLivesIn(String path, GridworkUser user) {
        return homePath(user).map(p -> p.startsWith(path)).orElse(false);
    }

    public Optional<Long> homeCompound(GridworkUser user) {
        if (!user.has(Role.RESIDENT) || user.householdId() == null) {
            return Optional.empty();
        }
        return grid.household(user.householdId()).map(HouseholdView::compoundId);
    }
}
