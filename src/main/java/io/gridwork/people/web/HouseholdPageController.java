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
import jakarta.servlet.http.HttpServletRequest;

@Controller
class HouseholdPageController {

    private final Households households;
    private final PeopleApi people;
    private final GridApi grid;

    HouseholdPageController(Households households, PeopleApi people, GridApi grid) {
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
        return "household";
    }

    @PostMapping("/households/{id}/people/{personId}/unmask")
    String unmask(@PathVariable long id, @PathVariable long personId, @RequestParam PiiField field,
            @RequestParam(defaultValue = "") String reason, HttpServletRequest request, Model model) {
        PersonView p = households.scopedPerson(personId);
        if (p.householdId() == null || p.householdId() != id) {
            throw ProblemException.badRequest("not-a-member", "person " + personId + " does not live in household " + id);
        }
        try {
            model.addAttribute("revealed", people.unmask(personId, field, reason, CurrentUser.get(), request.getRemoteAddr()));
            model.addAttribute("revealedPerson", personId);
            model.addAttribute("revealedField", field);
        } catch (ProblemException e) {
            model.addAttribute("error", e.getMessage());
        }
        return household(id, model);
    }
}
