package io.gridwork.people.web;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.people.PeopleApi.PartyOrgLevel;
import io.gridwork.people.internal.PartyNetworkService;
import io.gridwork.people.internal.PartyNetworkService.PersonRef;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * Phone-first pages of the party network: the five levels, 双报到, mobile members and their report-ins,
 * service hours. Forms post and redirect back; a refusal comes back as a message in the viewer's language.
 */
@Controller
class PartyPageController {

    private final PartyNetworkService party;
    private final ProblemMessages problems;

    PartyPageController(PartyNetworkService party, ProblemMessages problems) {
        this.party = party;
        this.problems = problems;
    }

    private static boolean canEdit(GridworkUser user) {
        return user.isAdmin() || user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF);
    }

    /** Runs a change; a refusal becomes the page's message, success its notice. */
    private String act(RedirectAttributes flash, String back, String doneKey, Runnable change) {
        try {
            change.run();
            flash.addFlashAttribute("saved", doneKey);
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:" + back;
    }

    // ---- the five levels ------------------------------------------------------------------------

    @GetMapping("/party")
    String tree(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("canEdit", canEdit(user));
        model.addAttribute("tree", party.tree(user));
        model.addAttribute("levels", PartyOrgLevel.values());
        if (canEdit(user)) {
            model.addAttribute("grids", party.gridOptions(user));
        }
        return "party/tree";
    }

    @PostMapping("/party/orgs")
    String create(@RequestParam(required = false) PartyOrgLevel level, @RequestParam(required = false) String name,
            @RequestParam(required = false) Long gridId, RedirectAttributes flash) {
        return act(flash, "/party", "partynet.saved.created", () -> party.createOrg(
                new PartyNetworkService.NewOrg(level, name, gridId, null, null), CurrentUser.get()));
    }

    @PostMapping("/party/orgs/{id}/rename")
    String rename(@PathVariable long id, @RequestParam(required = false) String name, RedirectAttributes flash) {
        return act(flash, "/party", "partynet.saved.renamed", () -> party.renameOrg(id, name, CurrentUser.get()));
    }

    @PostMapping("/party/orgs/{id}/members")
    String addMember(@PathVariable long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) String idLast4,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate joinedOn,
            @RequestParam(defaultValue = "false") boolean mobile, RedirectAttributes flash) {
        return act(flash, "/party", "partynet.saved.member", () -> party.addMember(id, new PersonRef(null, name, idLast4),
                joinedOn, mobile, CurrentUser.get()));
    }

    @PostMapping("/party/members/{id}/mobile")
    String mobile(@PathVariable long id, @RequestParam(defaultValue = "false") boolean mobile, RedirectAttributes flash) {
        return act(flash, "/party", "partynet.saved.mobile", () -> party.setMobile(id, mobile, CurrentUser.get()));
    }

    // ---- 双报到 ---------------------------------------------------------------------------------

    @GetMapping("/party/dual")
    String dual(@RequestParam(required = false) Long communityId, Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("canEdit", canEdit(user));
        model.addAttribute("communityId", communityId);
        model.addAttribute("communities", party.communities(user));
        model.addAttribute("dual", party.dual(communityId, user));
        model.addAttribute("today", LocalDate.now(PartyNetworkService.ZONE_ID));
        return "party/dual";
    }

    @PostMapping("/party/dual")
    String registerDual(@RequestParam(required = false) String name, @RequestParam(required = false) String idLast4,
            @RequestParam(required = false) Long communityId, @RequestParam(required = false) String employerOrg,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate registeredOn,
            RedirectAttributes flash) {
        return act(flash, "/party/dual", "partynet.saved.dual", () -> party.registerDual(new PartyNetworkService.NewDual(
                new PersonRef(null, name, idLast4), communityId, employerOrg, registeredOn), CurrentUser.get()));
    }

    // ---- mobile members ---------------------------------------------------------------------------

    @GetMapping("/party/mobile")
    String mobileMembers(@RequestParam(required = false) Integer months, @RequestParam(defaultValue = "false") boolean overdueOnly,
            Model model) {
        GridworkUser user = CurrentUser.get();
        int m = months == null ? PartyNetworkService.DEFAULT_OVERDUE_MONTHS : months;
        model.addAttribute("months", m);
        model.addAttribute("overdueOnly", overdueOnly);
        try {
            var list = party.mobileMembers(m, overdueOnly, user);
            model.addAttribute("members", list);
            model.addAttribute("overdue", list.stream().filter(PartyNetworkService.MobileMember::overdue).count());
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
            model.addAttribute("members", java.util.List.of());
            model.addAttribute("overdue", 0);
        }
        return "party/mobile";
    }

    @GetMapping("/party/report-in")
    String reportInPage(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("member", party.mobileMemberOf(user).isPresent());
        model.addAttribute("reports", party.ownReports(user));
        model.addAttribute("today", LocalDate.now(PartyNetworkService.ZONE_ID));
        return "party/report-in";
    }

    @PostMapping("/party/report-in")
    String reportIn(@RequestParam(required = false) String whereabouts, @RequestParam(required = false) String contactPhone,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate reportedOn,
            @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(flash, "/party/report-in", "partynet.saved.reportIn", () -> party.reportIn(
                new PartyNetworkService.ReportIn(whereabouts, contactPhone, reportedOn, note), CurrentUser.get()));
    }

    // ---- service hours --------------------------------------------------------------------------

    @GetMapping("/party/hours")
    String hours(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("canEdit", canEdit(user));
        model.addAttribute("today", LocalDate.now(PartyNetworkService.ZONE_ID));
        try {
            model.addAttribute("report", party.hours(from, to, user));
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
            model.addAttribute("report", party.hours(null, null, user));
        }
        if (canEdit(user)) {
            model.addAttribute("servants", party.servants(user));
            model.addAttribute("grids", party.gridOptions(user));
        }
        return "party/hours";
    }

    @PostMapping("/party/hours")
    String recordHours(@RequestParam(required = false) Long personId, @RequestParam(required = false) Long gridId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate servedOn,
            @RequestParam(required = false) String hours, @RequestParam(required = false) String activity,
            RedirectAttributes flash) {
        return act(flash, "/party/hours", "partynet.saved.hours", () -> party.recordHours(new PartyNetworkService.NewHours(
                personId, gridId, servedOn, decimal(hours), activity), CurrentUser.get()));
    }

    private static BigDecimal decimal(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("party-hours-invalid", "hours between 0.1 and 24, in tenths",
                    java.util.Map.of("field", "hours"));
        }
    }
}
