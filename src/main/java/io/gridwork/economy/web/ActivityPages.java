package io.gridwork.economy.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.economy.internal.Activities;
import io.gridwork.economy.internal.Communities;
import io.gridwork.economy.internal.Recognition;
import io.gridwork.economy.internal.Rules;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * Phone pages of activities and recognition. Residents: the activities of their grid, signing up (naming who of the
 * household comes) and cancelling, their community's recognition rounds (nominate, vote, the result) and its honours.
 * Organisers: their activities, publishing one, and the check-in page (tap in, tap out, verify and credit). The
 * community's staff: the recognition tab (open a round, publish its result). Forms post and redirect; a refusal comes
 * back as a message on the page.
 */
@Controller
class ActivityPages {

    private final Activities activities;
    private final Recognition recognition;
    private final Communities communities;
    private final Rules rules;
    private final ProblemMessages problems;

    ActivityPages(Activities activities, Recognition recognition, Communities communities, Rules rules, ProblemMessages problems) {
        this.activities = activities;
        this.recognition = recognition;
        this.communities = communities;
        this.rules = rules;
        this.problems = problems;
    }

    // ---- residents ------------------------------------------------------------------------------

    @GetMapping("/economy/activities")
    String list(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("hasPerson", user.personId() != null && user.householdId() != null);
        model.addAttribute("items", activities.forResident(user, Instant.now()));
        GridNode home = recognition.home(user).orElse(null);
        model.addAttribute("home", home);
        Instant now = Instant.now();
        model.addAttribute("rounds", recognition.roundsOfMine(user).stream().filter(r -> r.publishedAt() == null)
                .map(r -> Map.entry(r, r.phase(now))).toList());
        model.addAttribute("honours", home == null ? List.of() : recognition.honours(home.id()));
        return "economy/activities";
    }

    @GetMapping("/economy/activities/{id}")
    String activity(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Activities.ForResident view = activities.forResident(id, user);
        model.addAttribute("view", view);
        model.addAttribute("a", view.activity());
        model.addAttribute("members", activities.household(user));
        model.addAttribute("me", user.personId());
        model.addAttribute("started", view.activity().started(Instant.now()));
        return "economy/activity";
    }

    @PostMapping("/economy/activities/{id}/signup")
    String signUp(@PathVariable long id, @RequestParam(required = false) List<Long> memberIds, RedirectAttributes flash) {
        try {
            Activities.Signup s = activities.signUp(id, memberIds, CurrentUser.get());
            flash.addFlashAttribute("done", s.status() == Activities.SignupStatus.CONFIRMED ? "signedUp" : "waitlisted");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/activities/" + id;
    }

    @PostMapping("/economy/activities/{id}/signup/cancel")
    String cancel(@PathVariable long id, RedirectAttributes flash) {
        try {
            activities.cancel(id, CurrentUser.get());
            flash.addFlashAttribute("done", "cancelled");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/activities/" + id;
    }

    // ---- organisers -----------------------------------------------------------------------------

    /** A grid an activity may be published for, named with its community when it is a grid inside one. */
    record GridOption(long id, String label) {
    }

    /** An earning rule on the form, named with its community. */
    record RuleOption(long id, String label, String unit, int points) {
    }

    @GetMapping("/economy/organise")
    String organise(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("activities", activities.inScope(user, 100));
        List<GridOption> grids = new ArrayList<>();
        Map<Long, GridNode> communitiesById = new LinkedHashMap<>();
        for (GridNode g : activities.gridsToOrganise(user)) {
            GridNode c = g.level() == io.gridwork.grid.GridLevel.COMMUNITY ? g : activities.communityOf(g.id()).orElse(null);
            if (c == null) {
                continue;
            }
            communitiesById.putIfAbsent(c.id(), c);
            grids.add(new GridOption(g.id(), g.id() == c.id() ? g.name() : c.name() + " · " + g.name()));
        }
        List<RuleOption> ruleOptions = new ArrayList<>();
        for (GridNode c : communitiesById.values()) {
            for (Rules.EarnRule r : rules.earnRules(c.id(), false)) {
                ruleOptions.add(new RuleOption(r.id(), c.name() + " · " + r.name(), r.unit().name(), r.points()));
            }
        }
        model.addAttribute("grids", grids);
        model.addAttribute("rules", ruleOptions);
        model.addAttribute("kinds", Activities.Kind.values());
        model.addAttribute("now", Instant.now());
        return "economy/organise";
    }

    @PostMapping("/economy/organise/activities")
    String create(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Activities.Kind kind,
            @RequestParam(required = false) String title, @RequestParam(required = false) String place,
            @RequestParam(required = false) String description,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime startsAt,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime endsAt,
            @RequestParam(required = false) Integer capacity, @RequestParam(required = false) Activities.Unit signupUnit,
            @RequestParam(required = false) Activities.Unit capacityUnit, @RequestParam(required = false) Long ruleId,
            RedirectAttributes flash) {
        try {
            if (gridId == null) {
                throw ProblemException.badRequest("field-required", "gridId is required", Map.of("field", "gridId"));
            }
            GridNode community = activities.communityOf(gridId).orElseThrow(() -> ProblemException.badRequest("unknown-grid",
                    "grid " + gridId + " is not in a community", Map.of("field", "gridId")));
            Activities.Activity a = activities.create(community.id(), new Activities.NewActivity(gridId, kind, title, place,
                    description, instant(startsAt), instant(endsAt), capacity, signupUnit,
                    signupUnit == Activities.Unit.HOUSEHOLD ? capacityUnit : Activities.Unit.PERSON, ruleId), CurrentUser.get());
            flash.addFlashAttribute("done", "published");
            return "redirect:/economy/organise/activities/" + a.id();
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            return "redirect:/economy/organise";
        }
    }

    private static Instant same(Instant sent, Instant stored) {
        return sent != null && sent.equals(stored.truncatedTo(java.time.temporal.ChronoUnit.MINUTES)) ? stored : sent;
    }

    private static Instant instant(LocalDateTime at) {
        return at == null ? null : at.atZone(EconomyFormat.ZONE).toInstant();
    }

    @GetMapping("/economy/organise/activities/{id}")
    String checkInPage(@PathVariable long id, Model model) {
        Activities.ForOrganiser view = activities.withSignups(id, CurrentUser.get());
        model.addAttribute("a", view.activity());
        model.addAttribute("confirmed", view.signups().stream().filter(s -> s.status() == Activities.SignupStatus.CONFIRMED).toList());
        model.addAttribute("waiting", view.signups().stream().filter(s -> s.status() == Activities.SignupStatus.WAITLISTED).toList());
        model.addAttribute("key", UUID.randomUUID().toString());
        Instant now = Instant.now();
        model.addAttribute("ended", view.activity().ended(now));
        model.addAttribute("started", view.activity().started(now));
        return "economy/checkin";
    }

    @PostMapping("/economy/organise/activities/{id}/check-in")
    String checkIn(@PathVariable long id, @RequestParam(required = false) Long personId, RedirectAttributes flash) {
        return act(id, flash, "checkedIn", () -> activities.checkIn(id, personId, CurrentUser.get()).personName());
    }

    @PostMapping("/economy/organise/activities/{id}/check-out")
    String checkOut(@PathVariable long id, @RequestParam(required = false) Long personId, RedirectAttributes flash) {
        return act(id, flash, "checkedOut", () -> activities.checkOut(id, personId, CurrentUser.get()).personName());
    }

    /** Verifies the attendance and, when the activity earns points, credits them under the form's key. */
    @PostMapping("/economy/organise/activities/{id}/verify")
    String verify(@PathVariable long id, @RequestParam(required = false) Long personId, @RequestParam(required = false) String key,
            RedirectAttributes flash) {
        return act(id, flash, "verified", () -> {
            GridworkUser user = CurrentUser.get();
            Activities.Attendance t = activities.verify(id, personId, user);
            if (t.points() != null && t.points() > 0) {
                activities.credit(id, personId, key, user);
            }
            return t.personName();
        });
    }

    /** Saves the organiser's changes; a refusal comes back as a message above the form, nothing changed. */
    @PostMapping("/economy/organise/activities/{id}/edit")
    String edit(@PathVariable long id, @RequestParam(required = false) String title, @RequestParam(required = false) String place,
            @RequestParam(required = false) String description,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime startsAt,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime endsAt,
            @RequestParam(required = false) Integer capacity, RedirectAttributes flash) {
        return act(id, flash, "edited", () -> {
            GridworkUser user = CurrentUser.get();
            Activities.Activity a = activities.forOrganiser(id, user);
            // the form shows times to the minute: a time sent back unchanged keeps its seconds
            return activities.edit(id, new Activities.ActivityChange(title, place, description, same(instant(startsAt), a.startsAt()),
                    same(instant(endsAt), a.endsAt()), capacity), user).title();
        });
    }

    @PostMapping("/economy/organise/activities/{id}/cancel")
    String cancelActivity(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(id, flash, "activityCancelled", () -> activities.cancelActivity(id, reason, CurrentUser.get()).title());
    }

    private String act(long id, RedirectAttributes flash, String done, Supplier<String> action) {
        try {
            String who = action.get();
            flash.addFlashAttribute("done", done);
            flash.addFlashAttribute("who", who);
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/organise/activities/" + id;
    }

    // ---- recognition ----------------------------------------------------------------------------

    @GetMapping("/economy/recognition/{id}")
    String round(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Recognition.RoundView view = recognition.view(id, user);
        model.addAttribute("view", view);
        model.addAttribute("r", view.round());
        model.addAttribute("community", communities.name(view.round().communityId()));
        model.addAttribute("myVote", view.nominees().stream().filter(n -> view.myVoteNomineeId() != null
                && n.id() == view.myVoteNomineeId()).map(Recognition.Nominee::name).findFirst().orElse(""));
        model.addAttribute("candidates", view.phase() == Recognition.Phase.NOMINATING ? recognition.candidates(id, user) : List.of());
        return "economy/round";
    }

    @PostMapping("/economy/recognition/{id}/nominations")
    String nominate(@PathVariable long id, @RequestParam(required = false) Long personId, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        try {
            recognition.nominate(id, personId, reason, CurrentUser.get());
            flash.addFlashAttribute("done", "nominated");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/recognition/" + id;
    }

    @PostMapping("/economy/recognition/{id}/vote")
    String vote(@PathVariable long id, @RequestParam(required = false) Long nomineeId, RedirectAttributes flash) {
        try {
            recognition.vote(id, nomineeId, CurrentUser.get());
            flash.addFlashAttribute("done", "voted");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/recognition/" + id;
    }

    @GetMapping("/economy/communities/{id}/recognition")
    String staffRounds(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode c = communities.forStaff(id, user);
        model.addAttribute("community", c);
        model.addAttribute("tab", "recognition");
        model.addAttribute("views", recognition.rounds(id, user).stream().map(r -> recognition.view(r.id(), user)).toList());
        model.addAttribute("awards", Recognition.Award.values());
        return "economy/recognition";
    }

    @PostMapping("/economy/communities/{id}/recognition")
    String openRound(@PathVariable long id, @RequestParam(required = false) Recognition.Award award,
            @RequestParam(required = false) String title, @RequestParam(required = false) String period,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime nominationsEnd,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime votingEnd,
            @RequestParam(required = false) Integer winners, RedirectAttributes flash) {
        try {
            recognition.open(id, new Recognition.NewRound(award, title, period, instant(nominationsEnd), instant(votingEnd), winners),
                    CurrentUser.get());
            flash.addFlashAttribute("done", "roundOpened");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/communities/" + id + "/recognition";
    }

    @PostMapping("/economy/recognition/{id}/publish")
    String publish(@PathVariable long id, RedirectAttributes flash) {
        Recognition.Round r = recognition.find(id).orElseThrow(() -> ProblemException.notFound("recognition round", id));
        try {
            recognition.publish(id, CurrentUser.get());
            flash.addFlashAttribute("done", "resultPublished");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/communities/" + r.communityId() + "/recognition";
    }
}
