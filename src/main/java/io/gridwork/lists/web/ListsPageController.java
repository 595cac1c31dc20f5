package io.gridwork.lists.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import io.gridwork.demand.Party;
import io.gridwork.lists.internal.NeedService;
import io.gridwork.lists.internal.Places;
import io.gridwork.lists.internal.RectificationService;
import io.gridwork.lists.internal.ResourceService;
import io.gridwork.lists.internal.RoutineKind;
import io.gridwork.lists.internal.RoutineService;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Phone-first pages for routine work and the three lists. Forms post and redirect back; a refusal of
 * the service comes back as a message on the page it came from, in the viewer's language.
 */
@Controller
class ListsPageController {

    private final RoutineService routine;
    private final NeedService needs;
    private final ResourceService resources;
    private final RectificationService rectification;
    private final Places places;
    private final DemandRefs demandRefs;
    private final ProblemMessages problems;
    private final org.springframework.context.MessageSource messages;

    ListsPageController(RoutineService routine, NeedService needs, ResourceService resources,
            RectificationService rectification, Places places, DemandRefs demandRefs, ProblemMessages problems,
            org.springframework.context.MessageSource messages) {
        this.demandRefs = demandRefs;
        this.messages = messages;
        this.routine = routine;
        this.needs = needs;
        this.resources = resources;
        this.rectification = rectification;
        this.places = places;
        this.problems = problems;
    }

    /** A refusal in the viewer's words; a missing or too long field is named. */
    private String refusal(ProblemException e) {
        Object field = e.details().get("field");
        if (field != null && (e.code().equals("field-required") || e.code().equals("field-too-long"))) {
            var locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
            String label = messages.getMessage("lists.field." + field, null, field.toString(), locale);
            return messages.getMessage("lists.error." + e.code(), new Object[] {label}, locale);
        }
        return problems.text(e);
    }

    private void grids(Model model, GridworkUser user) {
        model.addAttribute("grids", places.options(user, 400));
    }

    private static boolean registerStaff(GridworkUser user) {
        return user.isAdmin() || user.roles().stream().anyMatch(r -> r == Role.GRID_WORKER || r == Role.GRID_LEADER
                || r == Role.COMPOUND_LEADER || r == Role.COMMUNITY_STAFF || r == Role.STREET_STAFF);
    }

    // ---- routine work ---------------------------------------------------------------------------

    @GetMapping("/routine")
    String routine(@RequestParam(required = false) RoutineKind kind, @RequestParam(required = false) Long gridId,
            @RequestParam(required = false) String households, Model model) {
        GridworkUser user = CurrentUser.get();
        grids(model, user);
        model.addAttribute("kinds", RoutineKind.values());
        model.addAttribute("kind", kind);
        model.addAttribute("gridId", gridId != null || households != null ? gridId
                : places.tops(user).stream().findFirst().map(g -> g.id()).orElse(null));
        Long start = null;
        try {
            start = ids(households).stream().findFirst().orElse(null);
        } catch (ProblemException e) {
            start = null; // a link with something else than a household: the picker starts empty
        }
        model.addAttribute("startHousehold", start);
        model.addAttribute("today", Places.today());
        var entries = routine.list(new RoutineService.Filter(null, null, user.accountId(), null, null, 20), user);
        Map<Long, List<String>> addresses = new java.util.HashMap<>();
        for (var e : entries) {
            addresses.put(e.id(), e.householdIds().stream().map(places::address).toList());
        }
        model.addAttribute("entries", entries);
        model.addAttribute("addresses", addresses);
        return "lists/routine";
    }

    @PostMapping("/routine")
    String log(@RequestParam(required = false) RoutineKind kind, @RequestParam(required = false) Long gridId,
            @RequestParam(required = false) String households, @RequestParam(required = false) List<Long> householdIds,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate workedOn,
            @RequestParam(required = false) String summary, @RequestParam(required = false) String mediationParties,
            @RequestParam(required = false) String mediationIssue, @RequestParam(required = false) String mediationOutcome,
            @RequestParam(required = false) Boolean agreementReached, RedirectAttributes flash) {
        try {
            List<Long> chosen = new ArrayList<>(ids(households));
            if (householdIds != null) {
                householdIds.stream().filter(id -> id != null && !chosen.contains(id)).forEach(chosen::add);
            }
            var entry = routine.log(new RoutineService.NewEntry(kind, gridId, chosen, workedOn, summary,
                    mediationParties, mediationIssue, mediationOutcome, agreementReached), CurrentUser.get());
            flash.addFlashAttribute("saved", entry.id());
            flash.addFlashAttribute("savedKind", entry.kind());
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", refusal(e));
        }
        return "redirect:/routine";
    }

    /** "12, 13 14" → [12, 13, 14]; anything else is an unknown household. */
    static List<Long> ids(String text) {
        List<Long> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.strip().split("[,，、\\s]+")) {
            try {
                out.add(Long.valueOf(part));
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("unknown-household", "household " + part + " not found",
                        Map.of("field", "householdIds"));
            }
        }
        return out;
    }

    @GetMapping("/routine/counts")
    String counts(@RequestParam(required = false) Long gridId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
        GridworkUser user = CurrentUser.get();
        grids(model, user);
        model.addAttribute("kinds", RoutineKind.values());
        model.addAttribute("counts", routine.counts(gridId, from, to, user));
        return "lists/counts";
    }

    /** Households per page of the information-collection list: a phone scrolls through one page comfortably. */
    private static final int INFO_PAGE = 50;

    @GetMapping("/routine/info")
    String info(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Integer months,
            @RequestParam(defaultValue = "false") boolean staleOnly, @RequestParam(defaultValue = "0") int page, Model model) {
        GridworkUser user = CurrentUser.get();
        grids(model, user);
        model.addAttribute("staleOnly", staleOnly);
        var info = routine.infoList(gridId, months, staleOnly, Math.max(0, page) * INFO_PAGE, INFO_PAGE, user);
        model.addAttribute("info", info);
        model.addAttribute("page", Math.max(0, page));
        model.addAttribute("pages", (int) Math.max(1, (info.listed() + INFO_PAGE - 1) / INFO_PAGE));
        model.addAttribute("pageBase", org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page").queryParam("page", "").build().toUriString());
        return "lists/info";
    }

    // ---- needs ----------------------------------------------------------------------------------

    @GetMapping("/lists/needs")
    String needs(@RequestParam(required = false) Long gridId, @RequestParam(required = false) NeedService.Status status,
            @RequestParam(required = false) NeedService.Category category,
            @RequestParam(required = false) NeedService.Source source, @RequestParam(required = false) String q,
            @RequestParam(required = false) Long routineEntryId, Model model) {
        GridworkUser user = CurrentUser.get();
        grids(model, user);
        model.addAttribute("f", new NeedForm(gridId, status, category, source, q));
        RoutineService.Entry fromEntry = null;
        if (routineEntryId != null) {
            try {
                fromEntry = routine.sourceOfNeed(routineEntryId, user);
            } catch (ProblemException e) {
                fromEntry = null; // not a record this viewer may turn into a need: the form starts without it
            }
        }
        model.addAttribute("routineEntry", fromEntry);
        model.addAttribute("routineEntryId", routineEntryId);
        model.addAttribute("statuses", NeedService.Status.values());
        model.addAttribute("categories", NeedService.Category.values());
        model.addAttribute("sources", NeedService.Source.values());
        model.addAttribute("items", needs.list(new NeedService.Filter(gridId, status == null ? null : Set.of(status), category,
                source, null, null, q, 200), user));
        return "lists/needs";
    }

    record NeedForm(Long gridId, NeedService.Status status, NeedService.Category category, NeedService.Source source, String q) {
    }

    @PostMapping("/lists/needs")
    String addNeed(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Long householdId,
            @RequestParam(required = false) NeedService.Category category, @RequestParam(required = false) String title,
            @RequestParam(required = false) String detail, @RequestParam(required = false) Long routineEntryId,
            @RequestParam(required = false) Long demandId, @RequestParam(required = false) String demandRef,
            RedirectAttributes flash) {
        try {
            GridworkUser user = CurrentUser.get();
            Long demand = demandId != null ? demandId : demandRefs.idOf(demandRef, user);
            needs.create(new NeedService.NewNeed(gridId, householdId, category, title, detail, routineEntryId, demand), user);
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", refusal(e));
        }
        return "redirect:/lists/needs";
    }

    @PostMapping("/lists/needs/{id}/status")
    String needStatus(@PathVariable long id, @RequestParam(required = false) NeedService.Status status,
            @RequestParam(required = false) String note, RedirectAttributes flash) {
        try {
            needs.changeStatus(id, status, note, CurrentUser.get());
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", refusal(e));
        }
        return "redirect:/lists/needs";
    }

    // ---- resources ------------------------------------------------------------------------------

    @GetMapping("/lists/resources")
    String resources(@RequestParam(required = false) Long gridId, @RequestParam(required = false) ResourceService.Kind kind,
            @RequestParam(required = false) String q, Model model) {
        GridworkUser user = CurrentUser.get();
        grids(model, user);
        model.addAttribute("canAdd", registerStaff(user));
        model.addAttribute("f", new ResourceForm(gridId, kind, q));
        model.addAttribute("kinds", ResourceService.Kind.values());
        model.addAttribute("items", resources.list(new ResourceService.Filter(gridId, kind, q, null, 200), user));
        return "lists/resources";
    }

    record ResourceForm(Long gridId, ResourceService.Kind kind, String q) {
    }

    @PostMapping("/lists/resources")
    String addResource(@RequestParam(required = false) Long gridId, @RequestParam(required = false) ResourceService.Kind kind,
            @RequestParam(required = false) String name, @RequestParam(required = false) String description,
            @RequestParam(required = false) String address, @RequestParam(required = false) String availability,
            @RequestParam(required = false) String contactName, @RequestParam(required = false) String phone,
            RedirectAttributes flash) {
        try {
            resources.create(new ResourceService.NewResource(gridId, kind, name, description, address, availability, contactName,
                    phone), CurrentUser.get());
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", refusal(e));
        }
        return "redirect:/lists/resources";
    }

    // ---- rectification --------------------------------------------------------------------------

    /** Items a page of the rectification list shows; the next ones follow the last by position. */
    static final int RECT_PAGE = 20;

    @GetMapping("/lists/rectification")
    String rectification(@RequestParam(required = false) Long gridId,
            @RequestParam(required = false) RectificationService.Shown status,
            @RequestParam(required = false) RectificationService.Source source, @RequestParam(required = false) Party party,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String q, @RequestParam(required = false) Long buildingId,
            @RequestParam(required = false) String after, Model model) {
        GridworkUser user = CurrentUser.get();
        grids(model, user);
        model.addAttribute("canAdd", registerStaff(user));
        model.addAttribute("f", new RectForm(gridId, status, source, party, from, to, q, buildingId));
        model.addAttribute("buildingName", buildingId == null ? null : places.buildingName(buildingId, user));
        model.addAttribute("statuses", RectificationService.Shown.values());
        model.addAttribute("sources", RectificationService.Source.values());
        // the property company, owners committee, party branch and service team see their own party's items only
        model.addAttribute("ownOnly", !RectificationService.seesAllItems(user));
        model.addAttribute("parties", parties(user));
        RectificationService.After position = RectificationService.After.parse(after);
        // one page and one item more, which says whether a next page exists (issue 19: no list of hundreds)
        List<RectificationService.Item> items = rectification.list(new RectificationService.Filter(gridId,
                status == null ? null : Set.of(status), source, party, from, to, q, RECT_PAGE + 1, buildingId, position), user);
        boolean more = items.size() > RECT_PAGE;
        items = more ? items.subList(0, RECT_PAGE) : items;
        model.addAttribute("items", items);
        model.addAttribute("after", position == null ? null : position.token());
        model.addAttribute("next", more ? RectificationService.After.of(items.getLast()).token() : null);
        model.addAttribute("listBase", UriComponentsBuilder.fromPath("/lists/rectification")
                .queryParamIfPresent("gridId", Optional.ofNullable(gridId))
                .queryParamIfPresent("status", Optional.ofNullable(status))
                .queryParamIfPresent("source", Optional.ofNullable(source))
                .queryParamIfPresent("party", Optional.ofNullable(party))
                .queryParamIfPresent("from", Optional.ofNullable(from))
                .queryParamIfPresent("to", Optional.ofNullable(to))
                .queryParamIfPresent("q", Optional.ofNullable(q).filter(v -> !v.isBlank()))
                .queryParamIfPresent("buildingId", Optional.ofNullable(buildingId))
                .encode().build().toUriString());
        Long rateGrid = gridId != null ? gridId : places.tops(user).stream().findFirst().map(g -> g.id()).orElse(null);
        if (rateGrid != null) {
            model.addAttribute("rates", rectification.rates(rateGrid, from, to, user));
        }
        return "lists/rectification";
    }

    /** The form of a new item, on a page of its own: its building picker alone is hundreds of choices. */
    @GetMapping("/lists/rectification/new")
    String newItem(Model model) {
        GridworkUser user = CurrentUser.get();
        grids(model, user);
        model.addAttribute("addSources", EnumSet.of(RectificationService.Source.WORKER, RectificationService.Source.RESIDENTS));
        model.addAttribute("parties", parties(user));
        return "lists/rectification-new";
    }

    private static List<Party> parties(GridworkUser user) {
        return RectificationService.seesAllItems(user) ? List.of(Party.values()) : List.copyOf(Party.ownedBy(user));
    }

    record RectForm(Long gridId, RectificationService.Shown status, RectificationService.Source source, Party party,
            LocalDate from, LocalDate to, String q, Long buildingId) {
    }

    @PostMapping("/lists/rectification")
    String addItem(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Long householdId,
            @RequestParam(required = false) RectificationService.Source source, @RequestParam(required = false) String title,
            @RequestParam(required = false) String detail, @RequestParam(required = false) Party party,
            @RequestParam(required = false) String responsible, @RequestParam(required = false) String measures,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate deadline,
            RedirectAttributes flash) {
        try {
            var item = rectification.create(new RectificationService.NewItem(gridId, householdId, source, title, detail, party,
                    responsible, measures, deadline), CurrentUser.get());
            return "redirect:/lists/rectification/" + item.id();
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", refusal(e));
            return "redirect:/lists/rectification/new";
        }
    }

    @GetMapping("/lists/rectification/{id}")
    String item(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        var item = rectification.get(id, user);
        model.addAttribute("item", item);
        model.addAttribute("canAct", RectificationService.mayAct(item, user));
        model.addAttribute("staff", RectificationService.seesAllItems(user));
        model.addAttribute("parties", Party.values());
        model.addAttribute("today", Places.today());
        return "lists/item";
    }

    @PostMapping("/lists/rectification/{id}/status")
    String itemStatus(@PathVariable long id, @RequestParam(required = false) RectificationService.Status status,
            @RequestParam(required = false) Party party, @RequestParam(required = false) String responsible,
            @RequestParam(required = false) String measures,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate deadline,
            @RequestParam(required = false) String note, HttpServletRequest request, RedirectAttributes flash) {
        try {
            List<RectificationService.Upload> uploads = org.springframework.web.util.WebUtils.getNativeRequest(request,
                    org.springframework.web.multipart.MultipartHttpServletRequest.class) == null ? List.of()
                            : ListsApiController.uploads(request, "photos");
            rectification.change(id, new RectificationService.Change(status, party, responsible, measures, deadline, note), uploads,
                    CurrentUser.get());
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", refusal(e));
        }
        return "redirect:/lists/rectification/" + id;
    }
}
