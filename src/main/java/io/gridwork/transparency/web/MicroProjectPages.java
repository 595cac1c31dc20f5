package io.gridwork.transparency.web;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.transparency.internal.MicroProjects;
import jakarta.servlet.http.HttpServletRequest;

/** 民生微实事 pages: a community's round (budget, proposals, the residents' choice) and a project with its spending and photos. */
@Controller
class MicroProjectPages {

    private final MicroProjects micro;
    private final Forms forms;

    MicroProjectPages(MicroProjects micro, Forms forms) {
        this.micro = micro;
        this.forms = forms;
    }

    @GetMapping("/transparency/micro")
    String communities(Model model) {
        GridworkUser user = CurrentUser.get();
        List<GridNode> list = micro.communities(user);
        // street staff and admins choose from their communities, however many there are today
        boolean chooses = user.has(Role.STREET_STAFF) || user.isAdmin();
        if (list.size() == 1 && !chooses && !model.containsAttribute("error")) {
            return "redirect:/transparency/micro/communities/" + list.get(0).id();
        }
        model.addAttribute("communities", list);
        return "transparency/micro-communities";
    }

    @GetMapping("/transparency/micro/communities/{id}")
    String round(@PathVariable long id, @RequestParam(required = false) Integer year, Model model) {
        GridworkUser user = CurrentUser.get();
        MicroProjects.Round round = micro.round(id, year, user);
        GridNode community = micro.community(id, user);
        model.addAttribute("round", round);
        model.addAttribute("manager", MicroProjects.manages(user, community));
        model.addAttribute("resident", user.has(Role.RESIDENT) && micro.livesIn(user, community));
        model.addAttribute("phases", MicroProjects.Phase.values());
        return "transparency/micro-round";
    }

    @PostMapping("/transparency/micro/communities/{id}/budget")
    String budget(@PathVariable long id, @RequestParam(required = false) Integer year, @RequestParam(required = false) String budget,
            RedirectAttributes flash) {
        String back = back(id, year);
        return forms.act(flash, () -> {
            micro.budget(id, year, Money.fen(budget, "budgetFen"), CurrentUser.get());
            return back;
        }, "microBudget", () -> back);
    }

    @PostMapping("/transparency/micro/communities/{id}/phase")
    String phase(@PathVariable long id, @RequestParam(required = false) Integer year, @RequestParam(required = false) String phase,
            RedirectAttributes flash) {
        String back = back(id, year);
        return forms.act(flash, () -> {
            MicroProjects.Phase to;
            try {
                to = MicroProjects.Phase.valueOf(String.valueOf(phase));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("field-required", "name the phase", java.util.Map.of("field", "phase"));
            }
            micro.phase(id, year, to, CurrentUser.get());
            return back;
        }, "microPhase", () -> back);
    }

    @PostMapping("/transparency/micro/communities/{id}/projects")
    String propose(@PathVariable long id, @RequestParam(required = false) Integer year, @RequestParam(required = false) String title,
            @RequestParam(required = false) String description, @RequestParam(required = false) String estimate, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/micro/projects/" + micro.propose(new MicroProjects.NewProject(id, year, title,
                description, Money.fen(estimate, "estimateFen")), CurrentUser.get()).id(), "microProposed", () -> back(id, year));
    }

    @GetMapping("/transparency/micro/projects/{id}")
    String project(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        MicroProjects.Project p = micro.get(id, user);
        GridNode community = micro.community(p.communityId(), user);
        MicroProjects.Round round = micro.round(p.communityId(), p.year(), user);
        model.addAttribute("project", p);
        model.addAttribute("round", round);
        model.addAttribute("manager", MicroProjects.manages(user, community));
        model.addAttribute("resident", user.has(Role.RESIDENT) && micro.livesIn(user, community));
        model.addAttribute("today", TransparencyFormat.today());
        return "transparency/micro-project";
    }

    @PostMapping("/transparency/micro/projects/{id}/choice")
    String choose(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/micro/projects/" + micro.choose(id, CurrentUser.get()).id(), "microChosen",
                () -> "/transparency/micro/projects/" + id);
    }

    @PostMapping("/transparency/micro/projects/{id}/selection")
    String select(@PathVariable long id, @RequestParam(required = false) String allocated, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/micro/projects/" + micro.select(id, Money.fen(allocated, "allocatedFen"),
                CurrentUser.get()).id(), "microSelected", () -> "/transparency/micro/projects/" + id);
    }

    @PostMapping("/transparency/micro/projects/{id}/spending")
    String spend(@PathVariable long id, @RequestParam(required = false) String amount,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate spentOn,
            @RequestParam(required = false) String description, @RequestParam(required = false) String receipt, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/micro/projects/" + micro.spend(id, new MicroProjects.NewSpend(Money.fen(amount,
                "amountFen"), spentOn, description, receipt), CurrentUser.get()).id(), "microSpent", () -> "/transparency/micro/projects/" + id);
    }

    @PostMapping("/transparency/micro/projects/{id}/completion")
    String complete(@PathVariable long id, @RequestParam(required = false) String note, HttpServletRequest request,
            RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/micro/projects/" + micro.complete(id, note, MicroProjectApiController.uploads(request),
                CurrentUser.get()).id(), "microCompleted", () -> "/transparency/micro/projects/" + id);
    }

    private static String back(long id, Integer year) {
        return "/transparency/micro/communities/" + id + (year == null ? "" : "?year=" + year);
    }
}
