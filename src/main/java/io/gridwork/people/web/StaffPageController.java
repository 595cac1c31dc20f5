package io.gridwork.people.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
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
import io.gridwork.people.StaffRole;
import io.gridwork.people.internal.StaffRecruitment;
import io.gridwork.people.internal.StaffRoster;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * Staff recruitment and hand-over pages (网格员选聘与交接): residents nominate themselves or recommend a neighbour;
 * community staff see a grid's staff with their periods, the nominations with the rule context, appoint or decline,
 * end assignments and hand over; compound leaders see and comment. Passwords of new accounts are rendered once in
 * the answer to the POST, never put in the session.
 */
@Controller
class StaffPageController {

    private final StaffRecruitment recruitment;
    private final StaffRoster roster;
    private final GridApi grid;
    private final GridViews views;
    private final ProblemMessages problems;

    StaffPageController(StaffRecruitment recruitment, StaffRoster roster, GridApi grid, GridViews views,
            ProblemMessages problems) {
        this.recruitment = recruitment;
        this.roster = roster;
        this.grid = grid;
        this.views = views;
        this.problems = problems;
    }

    // ---- residents --------------------------------------------------------------------------------

    @GetMapping("/staff/nominate")
    String nominatePage(Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode micro = recruitment.microGridOf(user).orElse(null);
        model.addAttribute("micro", micro);
        model.addAttribute("roles", StaffRecruitment.RECRUITED);
        model.addAttribute("mine", recruitment.nominationsBy(user));
        if (micro != null) {
            model.addAttribute("counts", roster.roleCounts(micro.id()));
            model.addAttribute("rooms", rooms(micro.id()));
        }
        return "staff/nominate";
    }

    @PostMapping("/staff/nominate")
    String nominate(@RequestParam(required = false) Long microGridId, @RequestParam(required = false) StaffRole role,
            @RequestParam(required = false) String statement, RedirectAttributes flash) {
        try {
            recruitment.nominateSelf(microGridId, role, statement, CurrentUser.get());
            flash.addFlashAttribute("notice", "nominated");
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            flash.addFlashAttribute("draftStatement", statement);
        }
        return "redirect:/staff/nominate";
    }

    /** A resident's recommendation, or one recorded by staff (then back to the grid's staff page). */
    @PostMapping("/staff/recommend")
    String recommend(@RequestParam(required = false) Long householdId, @RequestParam(required = false) String nomineeName,
            @RequestParam(required = false) StaffRole role, @RequestParam(required = false) String statement,
            @RequestParam(required = false) Long backToGrid, RedirectAttributes flash) {
        try {
            if (householdId == null) {
                throw ProblemException.badRequest("unknown-household", "choose the room", Map.of("field", "householdId"));
            }
            recruitment.recommend(householdId, nomineeName, role, statement, CurrentUser.get());
            flash.addFlashAttribute("notice", "recommended");
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return backToGrid != null ? "redirect:/staff/grids/" + backToGrid : "redirect:/staff/nominate";
    }

    // ---- community staff --------------------------------------------------------------------------

    @GetMapping("/staff")
    String start() {
        List<GridNode> tops = views.scopeRoots(CurrentUser.get());
        if (tops.isEmpty()) {
            throw ProblemException.forbidden("no grids in your scope");
        }
        return "redirect:/staff/grids/" + tops.getFirst().id();
    }

    @GetMapping("/staff/grids/{id}")
    String gridPage(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode node = views.scopedNode(id);
        model.addAttribute("node", node);
        model.addAttribute("crumbs", grid.lineage(id).stream().filter(n -> user.covers(n.path())).toList());
        model.addAttribute("roles", StaffRecruitment.RECRUITED);
        model.addAttribute("current", roster.current(id));
        model.addAttribute("history", roster.history(id));
        model.addAttribute("handOvers", roster.handOversOf(id));
        model.addAttribute("today", LocalDate.now());
        if (node.level() == GridLevel.MICRO) {
            model.addAttribute("counts", roster.roleCounts(id));
            model.addAttribute("nominations", recruitment.nominationsOf(id, true));
            model.addAttribute("rooms", rooms(id));
        } else {
            List<GridNode> children = grid.children(id);
            List<Long> micro = children.stream().filter(c -> c.level() == GridLevel.MICRO).map(GridNode::id).toList();
            Map<Long, Long> open = recruitment.openCounts(micro);
            List<ChildRow> rows = new ArrayList<>();
            for (GridNode c : children) {
                Map<StaffRole, Long> counts = c.level() == GridLevel.MICRO ? roster.roleCounts(c.id()) : null;
                rows.add(new ChildRow(c, counts, open.getOrDefault(c.id(), 0L)));
            }
            model.addAttribute("children", rows);
        }
        return "staff/grid";
    }

    /** A child grid with, for micro-grids, its leaders and workers today and its open nominations. */
    record ChildRow(GridNode node, Map<StaffRole, Long> counts, long openNominations) {

        public boolean micro() {
            return counts != null;
        }

        public boolean belowRule() {
            return counts != null && (counts.get(StaffRole.MICRO_GRID_LEADER) != 1 || counts.get(StaffRole.MICRO_GRID_WORKER) < 2
                    || counts.get(StaffRole.MICRO_GRID_WORKER) > 3);
        }
    }

    @PostMapping("/staff/nominations/{id}/appoint")
    String appoint(@PathVariable long id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startDate,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endDate,
            @RequestParam(required = false) Long personId, @RequestParam(defaultValue = "false") boolean withAccount,
            @RequestParam(required = false) String username, Model model, RedirectAttributes flash) {
        var n = recruitment.requireNomination(id);
        try {
            var appointed = recruitment.appoint(id, startDate, endDate, personId, withAccount, username, CurrentUser.get());
            model.addAttribute("node", grid.node(n.microGridId()).orElseThrow());
            model.addAttribute("personName", appointed.personName());
            model.addAttribute("role", n.role());
            model.addAttribute("startDate", startDate);
            model.addAttribute("endDate", endDate);
            model.addAttribute("account", appointed.account());
            return "staff/appointed";
        } catch (ProblemException e) {
            flashError(e, flash);
            return "redirect:/staff/grids/" + n.microGridId() + "#nomination-" + id;
        }
    }

    @PostMapping("/staff/nominations/{id}/decline")
    String decline(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        var n = recruitment.requireNomination(id);
        try {
            recruitment.decline(id, reason, CurrentUser.get());
            flash.addFlashAttribute("notice", "declined");
        } catch (ProblemException e) {
            flashError(e, flash);
        }
        return "redirect:/staff/grids/" + n.microGridId();
    }

    @PostMapping("/staff/nominations/{id}/comment")
    String comment(@PathVariable long id, @RequestParam(required = false) String body, RedirectAttributes flash) {
        var n = recruitment.requireNomination(id);
        try {
            recruitment.comment(id, body, CurrentUser.get());
        } catch (ProblemException e) {
            flashError(e, flash);
        }
        return "redirect:/staff/grids/" + n.microGridId() + "#nomination-" + id;
    }

    @PostMapping("/staff/assignments/{id}/end")
    String end(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        var a = roster.requireAssignment(id);
        try {
            roster.end(id, reason, CurrentUser.get());
            flash.addFlashAttribute("notice", "ended");
        } catch (ProblemException e) {
            flashError(e, flash);
        }
        return "redirect:/staff/grids/" + (a.gridId() == null ? "" : a.gridId());
    }

    @PostMapping("/staff/assignments/{id}/account")
    String account(@PathVariable long id, @RequestParam(required = false) String username, Model model,
            RedirectAttributes flash) {
        var a = roster.requireAssignment(id);
        try {
            var account = roster.provisionAccount(id, username, CurrentUser.get());
            model.addAttribute("node", grid.node(a.gridId()).orElseThrow());
            model.addAttribute("personName", a.personName());
            model.addAttribute("role", a.role());
            model.addAttribute("startDate", a.startDate());
            model.addAttribute("endDate", a.endDate());
            model.addAttribute("account", account);
            return "staff/appointed";
        } catch (ProblemException e) {
            flashError(e, flash);
            return "redirect:/staff/grids/" + a.gridId();
        }
    }

    @GetMapping("/staff/assignments/{id}/handover")
    String handOverPage(@PathVariable long id, Model model) {
        var a = roster.requireAssignment(id);
        if (a.gridId() == null) {
            throw ProblemException.notFound("grid assignment", id);
        }
        GridNode node = views.scopedNode(a.gridId());
        model.addAttribute("node", node);
        model.addAttribute("leaving", a);
        model.addAttribute("successors", roster.successorsFor(a));
        model.addAttribute("nominations", node.level() == GridLevel.MICRO
                ? recruitment.nominationsOf(node.id(), false).stream().filter(n -> n.open() && n.personId() != null).toList()
                : List.of());
        return "staff/handover";
    }

    @PostMapping("/staff/assignments/{id}/handover")
    String handOver(@PathVariable long id, @RequestParam(required = false) String successor,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String username, Model model,
            RedirectAttributes flash) {
        var a = roster.requireAssignment(id);
        try {
            Long toAssignment = successor != null && successor.startsWith("a:") ? parse(successor.substring(2)) : null;
            Long toNomination = successor != null && successor.startsWith("n:") ? parse(successor.substring(2)) : null;
            var done = roster.handOver(id, toAssignment, toNomination, reason, username, CurrentUser.get());
            if (done.account() != null) {
                model.addAttribute("account", done.account());
            }
            return handOverResult(done.handOverId(), null, model);
        } catch (ProblemException e) {
            flashError(e, flash);
            return "redirect:/staff/assignments/" + id + "/handover";
        }
    }

    @GetMapping("/staff/handovers/{id}")
    String handOverResult(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model) {
        var h = roster.requireHandOver(id);
        GridNode node = views.scopedNode(h.gridId());
        recruitment.requireReviewerOf(node.id(), CurrentUser.get());
        model.addAttribute("node", node);
        model.addAttribute("handOver", h);
        model.addAttribute("parts", StaffRoster.PARTS);
        return htmx != null ? "staff/handed-over :: moved" : "staff/handed-over";
    }

    /** Bad input is shown on the page; a refusal of scope or role stays a 403. */
    private void flashError(ProblemException e, RedirectAttributes flash) {
        if (e.refusesCaller()) {
            throw e;
        }
        flash.addFlashAttribute("error", problems.text(e));
    }

    private static Long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("successor-required", "choose one successor", Map.of("field", "successor"));
        }
    }

    /** The rooms of a micro-grid for the recommendation picker, in building order. */
    private List<HouseholdView> rooms(long microGridId) {
        List<HouseholdView> out = new ArrayList<>();
        for (BuildingView b : grid.buildingsOf(microGridId)) {
            out.addAll(grid.householdsOfBuilding(b.id()));
        }
        return out;
    }
}
