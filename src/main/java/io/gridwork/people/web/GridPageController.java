package io.gridwork.people.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.people.PeopleApi;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** The grid tree (expandable, with counts) and the page of one grid. */
@Controller
class GridPageController {

    private final ProblemMessages problems;
    private final GridApi grid;
    private final PeopleApi people;
    private final GridViews views;

    GridPageController(GridApi grid, PeopleApi people, GridViews views, ProblemMessages problems) {
        this.problems = problems;
        this.grid = grid;
        this.people = people;
        this.views = views;
    }

    @GetMapping("/grid")
    String tree(Model model) {
        model.addAttribute("roots", views.stats(views.scopeRoots(CurrentUser.get())));
        return "grid/tree";
    }

    @GetMapping("/grid/{id}")
    String grid(@PathVariable long id, @RequestParam(required = false) String after,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        GridNode node = views.scopedNode(id);
        GridViews.ChildPage page;
        try {
            page = views.children(node, after, GridViews.PAGE);
        } catch (ProblemException e) {
            // a cursor that is no grid code: the first page, with the reason
            model.addAttribute("error", problems.text(e));
            after = null;
            page = views.children(node, null, GridViews.PAGE);
        }
        model.addAttribute("children", page.items());
        model.addAttribute("nextAfter", page.next());
        model.addAttribute("after", after == null || after.isEmpty() ? null : after);
        model.addAttribute("parentId", node.id());
        if (htmx != null) {
            return "grid/tree :: children";
        }
        model.addAttribute("node", node);
        model.addAttribute("stats", views.stats(node));
        model.addAttribute("crumbs", grid.lineage(id).stream().filter(n -> CurrentUser.get().covers(n.path())).toList());
        if (node.level() == GridLevel.MICRO || node.level() == GridLevel.GENERAL || node.level().holdsBuildings()) {
            List<BuildingView> buildings = grid.buildingsOf(id);
            model.addAttribute("buildings", buildings);
            if (node.level() == GridLevel.MICRO) {
                Map<Long, List<HouseholdView>> households = new LinkedHashMap<>();
                buildings.forEach(b -> households.put(b.id(), grid.householdsOfBuilding(b.id())));
                model.addAttribute("households", households);
                model.addAttribute("staff", people.staffOf(id));
                // the other micro-grids of the compound, also those of its general grids
                long compound = grid.compoundOf(id).map(GridNode::id).orElse(node.parentId());
                model.addAttribute("siblings", grid.microGridsUnder(compound).stream().filter(s -> s.id() != id).toList());
            }
        }
        return "grid/node";
    }

    @PostMapping("/grid/{id}/buildings/{building}/move")
    String move(@PathVariable long id, @PathVariable long building, @RequestParam long microGridId,
            @RequestParam String reason, RedirectAttributes flash) {
        GridNode node = views.scopedNode(id);
        BuildingView b = grid.building(building).orElseThrow(() -> ProblemException.notFound("building", building));
        if (b.microGridId() == null || b.microGridId() != node.id()) {
            throw ProblemException.badRequest("not-in-grid", "building " + building + " is not in " + node.name());
        }
        try {
            grid.moveBuilding(building, microGridId, reason, CurrentUser.get().username());
            flash.addFlashAttribute("notice", b.name() + " → " + grid.node(microGridId).map(GridNode::name).orElse(""));
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/grid/" + id;
    }
}
