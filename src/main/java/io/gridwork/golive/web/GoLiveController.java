package io.gridwork.golive.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.gridwork.golive.internal.GoLiveChecklist;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** The going-live checklist: the communities in the viewer's scope, and one community's steps. */
@Controller
class GoLiveController {

    /** Communities listed at most on the picker (a city-wide account filters by name). */
    static final int PICKER_LIMIT = 100;

    private final GridApi grid;
    private final GoLiveChecklist checklist;

    GoLiveController(GridApi grid, GoLiveChecklist checklist) {
        this.grid = grid;
        this.checklist = checklist;
    }

    @GetMapping("/golive")
    String communities(@RequestParam(required = false) String q, Model model) {
        GridworkUser user = CurrentUser.get();
        Map<Long, GridNode> found = new LinkedHashMap<>();
        for (String scope : user.scopePaths()) {
            GridNode top = scope.equals("/") ? null : grid.topsOf(List.of(scope)).stream().findFirst().orElse(null);
            if (top != null && top.level() == GridLevel.COMMUNITY) {
                found.put(top.id(), top);
            } else if (top == null || top.level() == GridLevel.DISTRICT || top.level() == GridLevel.STREET) {
                grid.nodesUnder(scope, GridLevel.COMMUNITY, q, PICKER_LIMIT + 1).forEach(n -> found.put(n.id(), n));
            }
        }
        List<GridNode> list = new ArrayList<>(found.values());
        if (list.size() == 1 && (q == null || q.isBlank())) {
            return "redirect:/golive/" + list.get(0).id();
        }
        model.addAttribute("communities", list.stream().limit(PICKER_LIMIT).toList());
        model.addAttribute("more", list.size() > PICKER_LIMIT);
        model.addAttribute("q", q == null ? "" : q);
        return "golive/index";
    }

    @GetMapping("/golive/{id}")
    String checklist(@PathVariable long id, Model model) {
        GridNode community = grid.node(id).filter(n -> n.level() == GridLevel.COMMUNITY)
                .filter(n -> CurrentUser.get().covers(n.path()))
                .orElseThrow(() -> ProblemException.notFound("community", id));
        List<GoLiveChecklist.Step> steps = checklist.of(community);
        model.addAttribute("community", community);
        model.addAttribute("steps", steps);
        model.addAttribute("done", steps.stream().filter(s -> s.state() == GoLiveChecklist.State.DONE).count());
        model.addAttribute("crumbs", grid.lineage(id).stream().filter(n -> CurrentUser.get().covers(n.path())).toList());
        return "golive/checklist";
    }
}
