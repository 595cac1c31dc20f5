package io.gridwork.grid.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * The grid picker reads the tree a level at a time; its answer is the depth-first walk of the user's reach (siblings
 * by code), cut at the limit, exactly as a walk that reads each grid's children one by one would give it.
 */
@GridworkTest
class PickerTreeTests {

    @Autowired
    Pickers pickers;
    @Autowired
    GridApi grid;
    @Autowired
    TestPeople people;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    /** The reference: one read of children per grid, depth first. */
    private void walk(GridNode node, int depth, List<Pickers.GridChoice> out, int max) {
        if (out.size() >= max) {
            return;
        }
        out.add(new Pickers.GridChoice(node.id(), node.name(), depth));
        if (node.level() != GridLevel.MICRO) {
            for (GridNode c : grid.children(node.id())) {
                walk(c, depth + 1, out, max);
            }
        }
    }

    @Test
    void theLevelWiseReadGivesTheDepthFirstWalkAtEveryLimit() {
        for (String username : List.of("admin", "street", "community", "compound", "worker")) {
            GridworkUser user = people.user(username);
            SecurityContextHolder.getContext().setAuthentication(
                    new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
            List<Pickers.GridChoice> full = new ArrayList<>();
            grid.topsOf(user.scopePaths()).forEach(t -> walk(t, 0, full, Integer.MAX_VALUE));
            assertThat(full).as(username).isNotEmpty();
            for (int max : new int[] {1, 2, 3, 5, 8, 13, full.size() - 1, full.size(), full.size() + 5, Pickers.MAX_GRIDS}) {
                if (max < 1) {
                    continue;
                }
                List<Pickers.GridChoice> expected = new ArrayList<>();
                grid.topsOf(user.scopePaths()).forEach(t -> walk(t, 0, expected, max));
                assertThat(pickers.grids(max)).as(username + " at " + max).containsExactlyElementsOf(expected);
            }
        }
    }

    /** The building picker's reference: the walk it replaced (children per grid, buildings per compound or micro-grid). */
    private void collect(GridNode node, List<Pickers.BuildingGroup> out, int[] count, int max) {
        if (count[0] >= max) {
            return;
        }
        if (node.level() == GridLevel.MICRO || node.level().holdsBuildings()) {
            List<Pickers.BuildingChoice> choices = grid.buildingsOf(node.id()).stream()
                    .sorted(Comparator.comparingInt((BuildingView b) -> b.number().length()).thenComparing(BuildingView::number))
                    .map(b -> new Pickers.BuildingChoice(b.id(), Pickers.label(b))).toList();
            if (!choices.isEmpty()) {
                out.add(new Pickers.BuildingGroup(node.name(), choices));
                count[0] += choices.size();
            }
            return;
        }
        grid.children(node.id()).forEach(c -> collect(c, out, count, max));
    }

    @Test
    void theBuildingPickerIsTheWalkItReplacedAtEveryLimit() {
        for (String username : List.of("admin", "street", "community", "compound", "worker")) {
            GridworkUser user = people.user(username);
            SecurityContextHolder.getContext().setAuthentication(
                    new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
            List<Pickers.BuildingGroup> full = new ArrayList<>();
            grid.topsOf(user.scopePaths()).forEach(t -> collect(t, full, new int[1], Integer.MAX_VALUE));
            assertThat(full).as(username).isNotEmpty();
            int total = full.stream().mapToInt(g -> g.buildings().size()).sum();
            for (int max : new int[] {1, 2, 3, 7, 20, total - 1, total, total + 5, Pickers.MAX_BUILDINGS}) {
                if (max < 1) {
                    continue;
                }
                List<Pickers.BuildingGroup> expected = new ArrayList<>();
                int[] count = new int[1];
                grid.topsOf(user.scopePaths()).forEach(t -> collect(t, expected, count, max));
                assertThat(pickers.buildings(max)).as(username + " at " + max).containsExactlyElementsOf(expected);
            }
        }
    }
}
