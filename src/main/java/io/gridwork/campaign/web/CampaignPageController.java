package io.gridwork.campaign.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gridwork.campaign.internal.Campaign;
import io.gridwork.campaign.internal.CampaignForm;
import io.gridwork.campaign.internal.CampaignQueries;
import io.gridwork.campaign.internal.CampaignReport;
import io.gridwork.campaign.internal.CampaignService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.CareTag;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Campaign pages: list, create (with emergency dispatch), the campaign with live coverage, the visit page, the summary. */
@Controller
class CampaignPageController {

    static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final CampaignService service;
    private final CampaignQueries queries;
    private final CampaignReport report;
    private final GridApi grid;

    CampaignPageController(CampaignService service, CampaignQueries queries, CampaignReport report, GridApi grid) {
        this.service = service;
        this.queries = queries;
        this.report = report;
        this.grid = grid;
    }

    @GetMapping("/campaigns")
    String list(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("campaigns", queries.visibleTo(user));
        model.addAttribute("organiser", user.has(io.gridwork.shared.security.Role.COMMUNITY_STAFF)
                || user.has(io.gridwork.shared.security.Role.STREET_STAFF) || user.isAdmin());
        return "campaign/list";
    }

    /** A grid offered as a target, indented by depth under the user's top grids. */
    record GridOption(long id, String name, int depth) {
    }

    @GetMapping("/campaigns/new")
    String newForm(Model model) {
        GridworkUser user = CurrentUser.get();
        List<GridOption> options = new ArrayList<>();
        List<GridNode> tops = user.scopePaths().contains("/") ? grid.roots() : grid.topsOf(user.scopePaths());
        for (GridNode top : tops) {
            addOptions(top, 0, options);
        }
        model.addAttribute("grids", options);
        model.addAttribute("templates", CampaignForm.templates(LocaleContextHolder.getLocale()).keySet());
        model.addAttribute("kinds", List.of("EMERGENCY", "INSPECTION", "REGISTRATION", "PUBLICITY"));
        model.addAttribute("careTags", CareTag.values());
        LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.MINUTES);
        model.addAttribute("startsAt", LOCAL.format(now));
        model.addAttribute("deadline", LOCAL.format(now.plusHours(5)));
        return "campaign/new";
    }

    private void addOptions(GridNode node, int depth, List<GridOption> out) {
        if (out.size() > 400) {
            return;
        }
        out.add(new GridOption(node.id(), node.name(), depth));
        if (node.level() != GridLevel.MICRO && depth < 5) {
            for (GridNode child : grid.children(node.id())) {
                addOptions(child, depth + 1, out);
            }
        }
    }

    @PostMapping("/campaigns")
    String create(@RequestParam(required = false) String title, @RequestParam(required = false) String kind,
            @RequestParam(required = false) List<Long> gridIds, @RequestParam(required = false) String template,
            @RequestParam(required = false) String careTag, @RequestParam(required = false) String startsAt,
            @RequestParam(required = false) String deadline, @RequestParam(required = false) String dispatch) {
        Campaign c = service.create(new CampaignService.NewCampaign(title, kind, gridIds, null, careTag, template, null,
                local(startsAt, "startsAt"), local(deadline, "deadline"), dispatch != null), CurrentUser.get(),
                LocaleContextHolder.getLocale());
        return "redirect:/campaigns/" + c.id();
    }

    private static Instant local(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, LOCAL).atZone(ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-date", field + " is not a date and time", Map.of("field", field));
        }
    }

    @GetMapping("/campaigns/{id}")
    String show(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Campaign c = service.requireSee(id, user);
        model.addAttribute("c", c);
        model.addAttribute("manage", service.mayManage(c, user));
        model.addAttribute("rooms", !service.roomPaths(c, user).isEmpty());
        // volunteers are residents: their names and accounts are for the grid staff who work beside them
        model.addAttribute("volunteers", CampaignService.readsRooms(user) ? service.volunteers(id) : null);
        model.addAttribute("recipients", service.recipients(id).size());
        addCoverage(model, c, null);
        return "campaign/show";
    }

    @GetMapping("/campaigns/{id}/coverage")
    String coverage(@PathVariable long id, @RequestParam(required = false) Long gridId, Model model) {
        Campaign c = service.requireSee(id, CurrentUser.get());
        model.addAttribute("c", c);
        addCoverage(model, c, gridId);
        return "campaign/coverage :: coverage";
    }

    private void addCoverage(Model model, Campaign c, Long gridId) {
        GridworkUser user = CurrentUser.get();
        CampaignQueries.Coverage cov = queries.coverage(c, service.coverageGrid(c, gridId, user));
        // the viewer's own grids (those their scope lies in: a worker's micro-grid) lead the cards
        java.util.Set<Long> own = new java.util.HashSet<>();
        for (CampaignQueries.GridCoverage ch : cov.children()) {
            grid.node(ch.gridId()).map(io.gridwork.grid.GridNode::path).filter(path -> user.isStaff()
                    && user.scopePaths().stream().anyMatch(s -> s.startsWith(path))).ifPresent(p -> own.add(ch.gridId()));
        }
        List<CampaignQueries.GridCoverage> children = new java.util.ArrayList<>(cov.children());
        children.sort(java.util.Comparator.comparing((CampaignQueries.GridCoverage ch) -> !own.contains(ch.gridId())));
        model.addAttribute("cov", cov);
        model.addAttribute("children", children);
        model.addAttribute("own", own);
        model.addAttribute("map", CoverageMap.of(cov, grid));
    }

    @GetMapping("/campaigns/{id}/visit")
    String visit(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Campaign c = service.requireSee(id, user);
        model.addAttribute("c", c);
        model.addAttribute("fields", c.form().fields());
        model.addAttribute("buildings", queries.buildings(c, user));
        model.addAttribute("revisits", queries.revisits(c, user));
        return "campaign/visit";
    }

    /**
     * The printable summary of the viewer's part of the campaign: for grid staff of the register, their micro-grids and
     * the hazards found with their addresses; for everyone else who sees the campaign, counts by building in words.
     */
    @GetMapping("/campaigns/{id}/summary")
    String summary(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Campaign c = service.requireSee(id, user);
        model.addAttribute("c", c);
        List<String> rooms = service.roomPaths(c, user);
        model.addAttribute("rooms", !rooms.isEmpty());
        if (!rooms.isEmpty()) {
            model.addAttribute("lines", report.gridLines(id, rooms));
            model.addAttribute("total", queries.totals(id, rooms));
            model.addAttribute("hazards", report.hazards(c, rooms, 500));
        } else {
            List<String> figures = service.figurePaths(c, user);
            model.addAttribute("buildings", report.buildingLines(id, figures));
            model.addAttribute("total", queries.totals(id, figures));
        }
        model.addAttribute("now", Instant.now());
        model.addAttribute("hours", c.dispatchedAt() == null ? null
                : Duration.between(c.dispatchedAt(), c.finishedAt() != null ? c.finishedAt() : Instant.now()).toMinutes() / 60.0);
        return "campaign/summary";
    }

    @PostMapping("/campaigns/{id}/dispatch")
    String dispatch(@PathVariable long id) {
        service.dispatch(id, CurrentUser.get());
        return "redirect:/campaigns/" + id;
    }

    @PostMapping("/campaigns/{id}/finish")
    String finish(@PathVariable long id) {
        service.finish(id, CurrentUser.get());
        return "redirect:/campaigns/" + id;
    }

    @PostMapping("/campaigns/{id}/volunteers")
    String volunteer(@PathVariable long id, @RequestParam(required = false) Long accountId,
            @RequestParam(required = false) Long gridId) {
        if (accountId == null) {
            throw ProblemException.badRequest("volunteer-required", "pick the volunteer's account", Map.of("field", "accountId"));
        }
        service.addVolunteer(id, accountId, gridId, CurrentUser.get());
        return "redirect:/campaigns/" + id;
    }
}
