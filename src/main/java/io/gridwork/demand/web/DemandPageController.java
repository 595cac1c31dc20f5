package io.gridwork.demand.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.format.annotation.DateTimeFormat;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The demand pages after intake: the resident's own list, the staff inbox, one demand with its
 * parties, timeline and the actions the viewer may take now, and the daily supervision board.
 * Actions post small forms; a refusal of the service comes back as a message on the demand page.
 */
@Controller
class DemandPageController {

    static final int PAGE_SIZE = 20;

    private final DemandService service;
    private final DemandQueries queries;
    private final DemandPageSupport support;

    DemandPageController(DemandService service, DemandQueries queries, DemandPageSupport support) {
        this.service = service;
        this.queries = queries;
        this.support = support;
    }

    // ---- lists ----------------------------------------------------------------------------------

    @GetMapping("/my/demands")
    String mine(@RequestParam(defaultValue = "0") int page, Model model) {
        GridworkUser user = CurrentUser.get();
        int p = Math.max(0, page);
        model.addAttribute("items", queries.reportedBy(user, p, PAGE_SIZE));
        paging(model, p, queries.countReportedBy(user), "/my/demands");
        model.addAttribute("categoryNames", support.categoryNames());
        return "demand/mine";
    }

    @GetMapping("/demands")
    String inbox(@RequestParam(required = false) String status, @RequestParam(required = false) String category,
            @RequestParam(required = false) DemandView.Colour colour, @RequestParam(required = false) Party party,
            @RequestParam(required = false) Long grid,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String ref, @RequestParam(required = false) DemandView.Measure measure,
            @RequestParam(required = false) String after, @RequestParam(required = false) Long building, Model model) {
        GridworkUser user = CurrentUser.get();
        try {
            var filter = new DemandQueries.Filter(statuses(status), blankToNull(category), party, colour,
                    from == null ? null : from.atStartOfDay(DemandFormat.ZONE).toInstant(),
                    to == null ? null : to.plusDays(1).atStartOfDay(DemandFormat.ZONE).toInstant(), grid, blankToNull(ref), 0,
                    PAGE_SIZE, measure, building);
            // pages go by cursor (issue 19): the newest first, then "next" after the last row shown; no offsets
            DemandQueries.Slice slice = queries.slice(filter, blankToNull(after), user);
            DemandQueries.Count total = queries.count(filter, user);
            model.addAttribute("items", slice.items());
            model.addAttribute("total", total.value());
            model.addAttribute("totalCapped", total.capped());
            model.addAttribute("after", blankToNull(after));
            model.addAttribute("next", slice.next());
            model.addAttribute("partial", slice.partial());
            model.addAttribute("listBase", UriComponentsBuilder.fromPath("/demands")
                    .queryParamIfPresent("status", java.util.Optional.ofNullable(blankToNull(status)))
                    .queryParamIfPresent("category", java.util.Optional.ofNullable(blankToNull(category)))
                    .queryParamIfPresent("colour", java.util.Optional.ofNullable(colour))
                    .queryParamIfPresent("party", java.util.Optional.ofNullable(party))
                    .queryParamIfPresent("grid", java.util.Optional.ofNullable(grid))
                    .queryParamIfPresent("from", java.util.Optional.ofNullable(from))
                    .queryParamIfPresent("to", java.util.Optional.ofNullable(to))
                    .queryParamIfPresent("ref", java.util.Optional.ofNullable(blankToNull(ref)))
                    .queryParamIfPresent("measure", java.util.Optional.ofNullable(measure))
                    .queryParamIfPresent("building", java.util.Optional.ofNullable(building))
                    .build().encode().toUriString());
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.BAD_REQUEST && "invalid-cursor".equals(e.code())) {
                throw e; // a cursor this list did not issue: a 400 page, not an empty list
            }
            model.addAttribute("error", support.problem(e));
            model.addAttribute("items", List.of());
            model.addAttribute("total", 0L);
            model.addAttribute("totalCapped", false);
            model.addAttribute("listBase", "/demands");
        }
        model.addAttribute("categoryNames", support.categoryNames());
        model.addAttribute("statuses", DemandStatus.values());
        model.addAttribute("colours", List.of(DemandView.Colour.GREEN, DemandView.Colour.YELLOW, DemandView.Colour.RED));
        model.addAttribute("parties", Party.values());
        model.addAttribute("gridOptions", support.gridOptions(user, grid));
        model.addAttribute("f", new InboxFilter(status, category, colour, party, grid, from, to, ref, measure, building));
        model.addAttribute("buildingName", support.buildingName(building, user));
        Set<DemandStatus> chosen;
        try {
            chosen = statuses(status);
        } catch (ProblemException unknownStatus) {
            chosen = null;
        }
        model.addAttribute("ledgerStatuses", chosen == null ? null
                : chosen.stream().map(Enum::name).collect(Collectors.joining(",")));
        model.addAttribute("ledgerFrom", from == null ? null : from.atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant());
        model.addAttribute("ledgerTo", to == null ? null : to.plusDays(1).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant());
        return "demand/inbox";
    }

    /** The inbox filter as the page shows it back. */
    record InboxFilter(String status, String category, DemandView.Colour colour, Party party, Long grid, LocalDate from,
            LocalDate to, String ref, DemandView.Measure measure, Long building) {
    }

    private static Set<DemandStatus> statuses(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        if (status.equals("OPEN")) {
            return Arrays.stream(DemandStatus.values()).filter(DemandStatus::isOpen)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(DemandStatus.class)));
        }
        try {
            return EnumSet.of(DemandStatus.valueOf(status));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-status", "unknown status " + status);
        }
    }

    private static void paging(Model model, int page, long total, String base) {
        model.addAttribute("page", page);
        model.addAttribute("total", total);
        model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("pageBase", base + (base.contains("?") ? "&" : "?") + "page=");
    }

    // ---- one demand -------------------------------------------------------------------------------

    @GetMapping("/demands/{id}")
    String show(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        DemandView d = queries.view(id, user);
        DemandActions actions = DemandActions.of(d, queries.standing(id, user), user);
        model.addAttribute("d", d);
        model.addAttribute("actions", actions);
        model.addAttribute("categoryNames", support.categoryNames());
        List<CategoryView> categories = support.categories(d.communityId());
        model.addAttribute("categories", categories);
        CategoryView category = categories.stream().filter(c -> c.code().equals(d.categoryCode())).findFirst().orElse(null);
        model.addAttribute("defaultParty", category == null ? Party.GRID : category.defaultParty());
        model.addAttribute("defaultGrade", d.grade() != null ? d.grade() : category == null ? Grade.GENERAL : category.defaultGrade());
        model.addAttribute("grades", Grade.values());
        model.addAttribute("parties", Party.values());
        Set<Party> open = d.assignments().stream().filter(a -> a.status().equals("OPEN") || a.status().equals("IN_PROGRESS"))
                .map(DemandView.PartyAssignment::party).collect(Collectors.toCollection(() -> EnumSet.noneOf(Party.class)));
        model.addAttribute("openParties", open);
        if (actions.merge()) {
            model.addAttribute("duplicates", queries.possibleDuplicates(d.categoryCode(), d.buildingId(), null, null, id, user));
        }
        if (d.mergedIntoId() != null) {
            queries.find(d.mergedIntoId()).ifPresent(t -> model.addAttribute("mergedIntoRef", t.refNo()));
        }
        model.addAttribute("mayRevealContact", service.mayRevealContact(id, user));
        if (d.contactPhoneMasked() != null && service.readsContactViews(id, user)) {
            model.addAttribute("contactViews", service.contactViews(id, user)); // grid staff see who looked at the number
        }
        return "demand/show";
    }

    /** The reporter's number in full, for the handler of an open assignment; the view is recorded. */
    @PostMapping("/demands/{id}/contact")
    String contact(@PathVariable long id, HttpServletRequest request, RedirectAttributes flash) {
        String[] phone = new String[1];
        String to = act(id, flash, "demand.done.contact",
                () -> phone[0] = service.revealContact(id, CurrentUser.get(), request.getRemoteAddr()));
        if (phone[0] != null) {
            flash.addFlashAttribute("contactPhone", phone[0]);
            flash.addFlashAttribute("contactPhoneOf", id);
        }
        return to;
    }

    /** An action of the page: refused actions come back as a message, nothing half-done (the service is transactional). */
    private String act(long id, RedirectAttributes flash, String doneKey, Runnable action) {
        DemandView before = queries.view(id, CurrentUser.get()); // a demand the viewer may not see is a 403 page
        try {
            action.run();
            flash.addFlashAttribute("notice", support.msg(doneKey));
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                throw e; // not this viewer's to do (the demand itself is visible, checked above): a 403 page
            }
            flash.addFlashAttribute("error", support.problem(e, before.status()));
        }
        return "redirect:/demands/" + id;
    }

    @PostMapping("/demands/{id}/accept")
    String accept(@PathVariable long id, @RequestParam(required = false) Grade grade,
            @RequestParam(required = false) String categoryCode, @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        return act(id, flash, "demand.done.accept",
                () -> service.accept(id, grade, blankToNull(categoryCode), blankToNull(note), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(id, flash, "demand.done.reject", () -> service.reject(id, blankToNull(reason), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/merge")
    String merge(@PathVariable long id, @RequestParam(required = false) String into, @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        return act(id, flash, "demand.done.merge", () -> service.merge(id, target(into), blankToNull(note), CurrentUser.get()));
    }

    /** The demand to merge into: its id, or its reference number as the resident was told it. */
    private long target(String into) {
        if (into == null || into.isBlank()) {
            throw ProblemException.badRequest("target-required", "say which demand to merge into");
        }
        String s = into.strip();
        if (s.matches("\\d{1,18}")) {
            return Long.parseLong(s);
        }
        return queries.idOfRef(s, CurrentUser.get()).orElseThrow(() -> ProblemException.notFound("demand", s));
    }

    @PostMapping("/demands/{id}/dispatch")
    String dispatch(@PathVariable long id, @RequestParam(required = false) Set<Party> parties,
            @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(id, flash, "demand.done.dispatch", () -> service.dispatch(id, parties, blankToNull(note), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/reroute")
    String reroute(@PathVariable long id, @RequestParam(required = false) Set<Party> add,
            @RequestParam(required = false) Set<Party> withdraw, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        return act(id, flash, "demand.done.reroute",
                () -> service.reroute(id, add, withdraw, blankToNull(reason), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/resolve-on-spot")
    String onSpot(@PathVariable long id, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(id, flash, "demand.done.onSpot", () -> service.resolveOnSpot(id, blankToNull(note), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/verify")
    String verify(@PathVariable long id, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(id, flash, "demand.done.verify", () -> service.verify(id, blankToNull(note), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/hold")
    String hold(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(id, flash, "demand.done.hold", () -> service.hold(id, blankToNull(reason), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/resume")
    String resume(@PathVariable long id, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(id, flash, "demand.done.resume", () -> service.resume(id, blankToNull(note), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/plan")
    String plan(@PathVariable long id, @RequestParam(required = false) String measures,
            @RequestParam(required = false) String deadline, RedirectAttributes flash) {
        return act(id, flash, "demand.done.plan", () -> service.plan(id, blankToNull(measures), deadline(deadline), CurrentUser.get()));
    }

    /** A datetime-local value on the business clock. */
    private static Instant deadline(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(DemandFormat.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-deadline", "the deadline is not a date and time");
        }
    }

    @PostMapping("/demands/{id}/assignments/{assignmentId}/start")
    String start(@PathVariable long id, @PathVariable long assignmentId, @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        return act(id, flash, "demand.done.start",
                () -> service.startAssignment(id, assignmentId, blankToNull(note), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/assignments/{assignmentId}/complete")
    String complete(@PathVariable long id, @PathVariable long assignmentId, @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        return act(id, flash, "demand.done.complete",
                () -> service.completeAssignment(id, assignmentId, blankToNull(note), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/confirm")
    String confirm(@PathVariable long id, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(id, flash, "demand.done.confirm", () -> service.confirm(id, blankToNull(note), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/reopen")
    String reopen(@PathVariable long id, @RequestParam(required = false) String comment, RedirectAttributes flash) {
        return act(id, flash, "demand.done.reopen", () -> service.reopen(id, blankToNull(comment), CurrentUser.get()));
    }

    @PostMapping("/demands/{id}/rate")
    String rate(@PathVariable long id, @RequestParam(required = false) Integer rating,
            @RequestParam(required = false) String comment, RedirectAttributes flash) {
        return act(id, flash, "demand.done.rate", () -> {
            if (rating == null) {
                throw ProblemException.badRequest("invalid-rating", "a rating is 1 to 5");
            }
            service.rate(id, rating, blankToNull(comment), CurrentUser.get());
        });
    }

    /** 督办: from the demand page a form, from the supervision board an htmx button that swaps in the new count. */
    @PostMapping("/demands/{id}/supervise")
    String supervise(@PathVariable long id, @RequestParam(required = false) String note,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes flash) {
        if (htmx == null) {
            return act(id, flash, "demand.done.supervise", () -> service.supervise(id, blankToNull(note), CurrentUser.get()));
        }
        GridworkUser user = CurrentUser.get();
        DemandView before = queries.view(id, user);
        try {
            service.supervise(id, blankToNull(note), user);
            model.addAttribute("done", true);
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            model.addAttribute("error", support.problem(e, before.status()));
        }
        DemandView d = queries.view(id, user);
        model.addAttribute("s", d);
        return "demand/fragments :: supervised";
    }

    // ---- supervision --------------------------------------------------------------------------------

    @GetMapping("/supervision")
    String board(Model model) {
        model.addAttribute("board", queries.board(CurrentUser.get()));
        model.addAttribute("categoryNames", support.categoryNames());
        return "demand/supervision";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
