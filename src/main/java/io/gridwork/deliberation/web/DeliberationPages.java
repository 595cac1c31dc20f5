package io.gridwork.deliberation.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.deliberation.DeliberationApi.Attendance;
import io.gridwork.deliberation.DeliberationApi.MeetingKind;
import io.gridwork.deliberation.DeliberationApi.Party;
import io.gridwork.deliberation.internal.Decisions;
import io.gridwork.deliberation.internal.DelibTime;
import io.gridwork.deliberation.internal.Meetings;
import io.gridwork.deliberation.internal.Reach;
import io.gridwork.deliberation.internal.Renovation;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * Deliberation's pages, phone first: the meetings (and the form of an organiser), a meeting with its agenda, invitees
 * and attendance, minutes and addenda, and decisions; the decisions followed, overdue first, with a bulk update; a
 * decision with its updates; renovation proposals and projects; a project with stages, photos, spending and updates.
 * Forms post and redirect to the page they came from with what was done or why it was refused.
 */
@Controller
class DeliberationPages {

    private final Meetings meetings;
    private final Decisions decisions;
    private final Renovation renovation;
    private final Reach reach;
    private final DelibTime time;
    private final ProblemMessages problems;

    DeliberationPages(Meetings meetings, Decisions decisions, Renovation renovation, Reach reach, DelibTime time, ProblemMessages problems) {
        this.meetings = meetings;
        this.decisions = decisions;
        this.renovation = renovation;
        this.reach = reach;
        this.time = time;
        this.problems = problems;
    }

    // ---- meetings -------------------------------------------------------------------------------

    @GetMapping("/deliberation")
    String list(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("meetings", meetings.visible(user));
        model.addAttribute("canCreate", Reach.organiser(user));
        model.addAttribute("kinds", MeetingKind.values());
        if (Reach.organiser(user)) {
            model.addAttribute("grids", reach.organisedGrids(user));
        }
        return "deliberation/list";
    }

    @PostMapping("/deliberation/meetings")
    String create(@RequestParam(required = false) Long gridId, @RequestParam(required = false) MeetingKind kind,
            @RequestParam(required = false) String title, @RequestParam(required = false) String place,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime startsAt,
            RedirectAttributes flash) {
        return act(flash, () -> "/deliberation/meetings/" + meetings.create(new Meetings.NewMeeting(gridId, kind, title, place,
                startsAt == null ? null : startsAt.atZone(DelibTime.ZONE).toInstant()), CurrentUser.get()).id(), "created",
                () -> "/deliberation");
    }

    @GetMapping("/deliberation/meetings/{id}")
    String meeting(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Meetings.Meeting m = meetings.get(id, user);
        model.addAttribute("m", m);
        model.addAttribute("manages", meetings.manages(m, user));
        model.addAttribute("begun", !m.startsAt().isAfter(time.now()));
        model.addAttribute("decisions", decisions.ofMeeting(id));
        model.addAttribute("parties", Party.values());
        model.addAttribute("attendances", Attendance.values());
        model.addAttribute("today", time.today());
        return "deliberation/meeting";
    }

    @PostMapping("/deliberation/meetings/{id}/agenda")
    String agenda(@PathVariable long id, @RequestParam(required = false) String title, @RequestParam(required = false) String detail,
            RedirectAttributes flash) {
        return act(flash, "/deliberation/meetings/" + id + "#agenda", "agendaAdded",
                () -> meetings.addAgendaItem(id, title, detail, CurrentUser.get()));
    }

    @PostMapping("/deliberation/meetings/{id}/invitees")
    String invite(@PathVariable long id, @RequestParam(required = false) Long accountId, RedirectAttributes flash) {
        return act(flash, "/deliberation/meetings/" + id + "#invitees", "invited", () -> meetings.invite(id, accountId, CurrentUser.get()));
    }

    @PostMapping("/deliberation/meetings/{id}/attendance")
    String attendance(@PathVariable long id, @RequestParam(required = false) Long accountId,
            @RequestParam(required = false) Attendance attendance, RedirectAttributes flash) {
        return act(flash, "/deliberation/meetings/" + id + "#invitees", "attendance",
                () -> meetings.recordAttendance(id, accountId, attendance, CurrentUser.get()));
    }

    @PostMapping("/deliberation/meetings/{id}/minutes")
    String minutes(@PathVariable long id, @RequestParam(required = false) String minutes, RedirectAttributes flash) {
        return act(flash, "/deliberation/meetings/" + id + "#minutes", "minutesSaved",
                () -> meetings.writeMinutes(id, minutes, CurrentUser.get()));
    }

    @PostMapping("/deliberation/meetings/{id}/publish")
    String publish(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, "/deliberation/meetings/" + id + "#minutes", "published", () -> meetings.publishMinutes(id, CurrentUser.get()));
    }

    @PostMapping("/deliberation/meetings/{id}/addenda")
    String addendum(@PathVariable long id, @RequestParam(required = false) String body, RedirectAttributes flash) {
        return act(flash, "/deliberation/meetings/" + id + "#minutes", "addendum", () -> meetings.addAddendum(id, body, CurrentUser.get()));
    }

    @PostMapping("/deliberation/meetings/{id}/decisions")
    String decide(@PathVariable long id, @RequestParam(required = false) Long agendaItemId, @RequestParam(required = false) String title,
            @RequestParam(required = false) Party party, @RequestParam(required = false) Long ownerAccountId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate due, RedirectAttributes flash) {
        return act(flash, "/deliberation/meetings/" + id + "#decisions", "decided", () -> {
            GridworkUser user = CurrentUser.get();
            Meetings.Meeting m = meetings.get(id, user);
            if (agendaItemId == null || m.agenda().stream().noneMatch(a -> a.id() == agendaItemId)) {
                throw ProblemException.badRequest("delib-unknown-agenda-item", "choose an agenda item of this meeting",
                        Map.of("field", "agendaItemId"));
            }
            decisions.decide(agendaItemId, new Decisions.NewDecision(title, party, ownerAccountId, due), user);
        });
    }

    // ---- decisions ------------------------------------------------------------------------------

    @GetMapping("/deliberation/decisions")
    String decisionList(Model model) {
        GridworkUser user = CurrentUser.get();
        List<Decisions.Decision> all = decisions.followed(user);
        model.addAttribute("decisions", all);
        model.addAttribute("updatable", all.stream().filter(d -> decisions.mayUpdate(d, user) && d.status() != io.gridwork.deliberation.internal.Follow.Status.DONE)
                .map(Decisions.Decision::id).toList());
        model.addAttribute("overdueCount", all.stream().filter(Decisions.Decision::overdue).count());
        return "deliberation/decisions";
    }

    /** The supervision board's section (loaded by htmx): overdue decisions and renovation projects of the viewer's grids. */
    @GetMapping("/deliberation/overdue")
    String overdue(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("decisions", decisions.overdue(user));
        model.addAttribute("projects", renovation.overdue(user));
        return "deliberation/overdue :: overdue";
    }

    @PostMapping("/deliberation/decisions/bulk")
    String bulk(@RequestParam(required = false) List<Long> ids, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer progress, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(flash, "/deliberation/decisions", "bulk", () -> decisions.bulk(ids, status, progress, note, CurrentUser.get()));
    }

    @GetMapping("/deliberation/decisions/{id}")
    String decision(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Decisions.Decision d = decisions.get(id, user);
        model.addAttribute("d", d);
        model.addAttribute("mayUpdate", decisions.mayUpdate(d, user));
        return "deliberation/decision";
    }

    @PostMapping("/deliberation/decisions/{id}/update")
    String updateDecision(@PathVariable long id, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer progress, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(flash, "/deliberation/decisions/" + id, "updated", () -> decisions.update(id, status, progress, note, CurrentUser.get()));
    }

    // ---- renovation -----------------------------------------------------------------------------

    @GetMapping("/deliberation/renovation")
    String renovation(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("proposals", renovation.visibleProposals(user));
        model.addAttribute("projects", renovation.visible(user));
        model.addAttribute("canPropose", user.householdId() != null);
        boolean organiser = Reach.organiser(user);
        model.addAttribute("canCreate", organiser);
        model.addAttribute("parties", Party.values());
        if (organiser) {
            model.addAttribute("compounds", reach.organisedGrids(user).stream()
                    .filter(g -> g.level() == io.gridwork.grid.GridLevel.COMPOUND).toList());
        }
        model.addAttribute("defaultStages", String.join("、", Renovation.DEFAULT_STAGES));
        return "deliberation/renovation";
    }

    @PostMapping("/deliberation/proposals")
    String propose(@RequestParam(required = false) String title, @RequestParam(required = false) String detail, RedirectAttributes flash) {
        return act(flash, "/deliberation/renovation", "proposed", () -> renovation.propose(title, detail, CurrentUser.get()));
    }

    @PostMapping("/deliberation/projects")
    String createProject(@RequestParam(required = false) Long compoundId, @RequestParam(required = false) List<Long> proposalIds,
            @RequestParam(required = false) String title, @RequestParam(required = false) String description,
            @RequestParam(required = false) String budgetYuan, @RequestParam(required = false) Party party,
            @RequestParam(required = false) Long ownerAccountId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate due,
            @RequestParam(required = false) String stages, RedirectAttributes flash) {
        return act(flash, () -> "/deliberation/projects/" + renovation.create(new Renovation.NewProject(compoundId, proposalIds, title,
                description, fen(budgetYuan, "budgetFen"), party, ownerAccountId, due, stages == null || stages.isBlank() ? null
                        : Arrays.stream(stages.split("[、,，\\s]+")).toList()), CurrentUser.get()).id(),
                "projectCreated", () -> "/deliberation/renovation");
    }

    /** Yuan as typed ("12.50", "-3") to fen; empty is null. */
    static Long fen(String yuan, String field) {
        if (yuan == null || yuan.isBlank()) {
            return null;
        }
        try {
            return new java.math.BigDecimal(yuan.strip()).movePointRight(2).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw ProblemException.badRequest("delib-invalid-amount", "an amount in yuan with at most two decimals", Map.of("field", field));
        }
    }

    @GetMapping("/deliberation/projects/{id}")
    String project(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Renovation.Project p = renovation.get(id, user);
        model.addAttribute("p", p);
        model.addAttribute("mayUpdate", renovation.mayUpdate(p, user) && p.status() != io.gridwork.deliberation.internal.Follow.Status.DONE);
        model.addAttribute("today", time.today());
        model.addAttribute("planVote", renovation.planVote(p).orElse(null));
        model.addAttribute("mayStartPlanVote", renovation.mayStartPlanVote(p, user));
        return "deliberation/project";
    }

    @PostMapping("/deliberation/projects/{id}/plan-vote")
    String startPlanVote(@PathVariable long id, @RequestParam(required = false) String kind, @RequestParam(required = false) String matter,
            RedirectAttributes flash) {
        return act(flash, "/deliberation/projects/" + id + "#plan", "planVoteStarted", () -> {
            io.gridwork.votes.VotesApi.VoteKind k;
            try {
                k = kind == null || kind.isBlank() ? null : io.gridwork.votes.VotesApi.VoteKind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("field-required", "kind is POLL or DECISION", java.util.Map.of("field", "kind"));
            }
            renovation.startPlanVote(id, k, "DECISION".equals(kind) ? matter : null, CurrentUser.get());
        });
    }

    @PostMapping("/deliberation/projects/{id}/update")
    String updateProject(@PathVariable long id, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer progress, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return act(flash, "/deliberation/projects/" + id, "updated", () -> renovation.update(id, status, progress, note, CurrentUser.get()));
    }

    @PostMapping("/deliberation/projects/{id}/stages/{stageId}/status")
    String stage(@PathVariable long id, @PathVariable long stageId, @RequestParam(required = false) Renovation.StageStatus status,
            RedirectAttributes flash) {
        return act(flash, "/deliberation/projects/" + id + "#stages", "stage",
                () -> renovation.stageStatus(id, stageId, status, CurrentUser.get()));
    }

    @PostMapping("/deliberation/projects/{id}/spending")
    String spending(@PathVariable long id, @RequestParam(required = false) Long stageId, @RequestParam(required = false) String amountYuan,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate spentOn,
            @RequestParam(required = false) String description, RedirectAttributes flash) {
        return act(flash, "/deliberation/projects/" + id + "#spending", "spent",
                () -> renovation.addSpending(id, stageId, fen(amountYuan, "amountFen"), spentOn, description, CurrentUser.get()));
    }

    @PostMapping("/deliberation/projects/{id}/stages/{stageId}/photos")
    String photos(@PathVariable long id, @PathVariable long stageId, HttpServletRequest request, RedirectAttributes flash) {
        return act(flash, "/deliberation/projects/" + id + "#stages", "photos",
                () -> {
                    renovation.checkPhotoTarget(id, stageId, CurrentUser.get());
                    renovation.addPhotos(id, stageId, DeliberationApiController.uploads(request), CurrentUser.get());
                });
    }

    // ---- forms ----------------------------------------------------------------------------------

    private String act(RedirectAttributes flash, String back, String done, Runnable action) {
        return act(flash, () -> {
            action.run();
            return back;
        }, done, () -> back);
    }

    private String act(RedirectAttributes flash, Supplier<String> action, String done, Supplier<String> onError) {
        try {
            String page = action.get();
            flash.addFlashAttribute("done", done);
            return "redirect:" + page;
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            String page = e.status().value() == 404 ? "/deliberation" : onError.get();
            return "redirect:" + page;
        }
    }
}
