package io.gridwork.people.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.HouseholdView;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PeopleApi.PiiField;
import io.gridwork.people.PersonView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;
import jakarta.servlet.http.HttpServletRequest;

@Controller
class HouseholdPageController {

    private final ProblemMessages problems;
    private final Households households;
    private final PeopleApi people;
    private final GridApi grid;

    HouseholdPageController(Households households, PeopleApi people, GridApi grid, ProblemMessages problems) {
        this.problems = problems;
        this.households = households;
        this.people = people;
        this.grid = grid;
    }

    @GetMapping("/households/{id}")
    String household(@PathVariable long id, Model model) {
        HouseholdView h = households.scoped(id);
        model.addAttribute("household", h);
        model.addAttribute("members", people.membersOf(id));
        model.addAttribute("microGrid", h.microGridId() == null ? null : grid.node(h.microGridId()).orElse(null));
        model.addAttribute("relations", java.util.List.of("HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "TENANT", "OTHER"));
        model.addAttribute("careTags", io.gridwork.people.CareTag.values());
        return "household";
    }

    @PostMapping("/households/{id}/members")
    String register(@PathVariable long id, @RequestParam String name, @RequestParam String idCard,
            @RequestParam(required = false) String phone, @RequestParam String relation,
            @RequestParam(required = false) java.util.Set<io.gridwork.people.CareTag> tags,
            org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        households.scoped(id);
        try {
            long personId = people.register(id, new PeopleApi.NewPerson(name, idCard, phone, null), relation);
            if (tags != null) {
                people.setTags(personId, tags);
            }
            flash.addFlashAttribute("notice", name);
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            flash.addFlashAttribute("draftName", name);
        }
        return "redirect:/households/" + id;
    }

    @PostMapping("/households/{id}/members/{personId}/leave")
    String leave(@PathVariable long id, @PathVariable long personId) {
        households.scoped(id);
        people.leave(id, personId);
        return "redirect:/households/" + id;
    }

    @PostMapping("/households/{id}/people/{personId}/unmask")
    String unmask(@PathVariable long id, @PathVariable long personId, @RequestParam PiiField field,
            @RequestParam(defaultValue = "") String reason, HttpServletRequest request, Model model) {
        PersonView p;
        try {
            p = households.scopedPerson(personId);
            if (p.householdId() == null || p.householdId() != id) {
                throw ProblemException.badRequest("not-a-member", "person " + personId + " does not live in household " + id);
            }
        } catch (ProblemException e) {
            people.recordRefusedUnmask(personId, field, reason, CurrentUser.get(), request.getRemoteAddr(),
                    io.gridwork.people.PeopleApi.UnmaskOutcome.ofScopeRefusal(e));
            throw e;
        }
        try {
            model.addAttribute("revealed", people.unmask(personId, field, reason, CurrentUser.get(), request.getRemoteAddr()));
            model.addAttribute("revealedPerson", personId);
            model.addAttribute("revealedField", field);
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
        }
        return household(id, model);
    }
}
