package io.gridwork.votes.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.votes.internal.Art278;
import io.gridwork.votes.internal.Decisions;
import io.gridwork.votes.internal.OwnerClaims;
import io.gridwork.votes.internal.Polls;

/**
 * The votes pages, phone first: the list of polls and decisions, a poll (vote, turnout, result, open and close), the
 * paper ballot entry, the new-poll form; an owners' decision with the four figures of Art. 278, its paper entry, the
 * owners register, the printable ballots and the result notice.
 */
@Controller
class VotesPages {

    private final Polls polls;
    private final Decisions decisions;
    private final Forms forms;
    private final OwnerClaims claims;

    VotesPages(Polls polls, Decisions decisions, Forms forms, OwnerClaims claims) {
        this.polls = polls;
        this.decisions = decisions;
        this.forms = forms;
        this.claims = claims;
    }

    @GetMapping("/votes")
    String list(Model model) {
        GridworkUser u = CurrentUser.get();
        List<Polls.Poll> list = polls.visible(u);
        model.addAttribute("openPolls", list.stream().filter(p -> p.status() == Polls.Status.OPEN).toList());
        model.addAttribute("otherPolls", list.stream().filter(p -> p.status() != Polls.Status.OPEN).toList());
        Map<Long, Boolean> mayVote = new HashMap<>();
        list.stream().filter(p -> p.status() == Polls.Status.OPEN).forEach(p -> mayVote.put(p.id(), polls.mayVote(p, u)));
        model.addAttribute("mayVote", mayVote);
        model.addAttribute("decisions", decisions.visible(u));
        model.addAttribute("runsPolls", Polls.runs(u));
        model.addAttribute("runsDecisions", Decisions.runs(u));
        model.addAttribute("decisionCompounds", decisions.compounds(u));
        model.addAttribute("claimsUnits", OwnerClaims.claims(u));
        return "votes/list";
    }

    // ---- polls -----------------------------------------------------------------------------------------

    @GetMapping("/votes/polls/new")
    String newPoll(Model model) {
        if (!Polls.runs(CurrentUser.get())) {
            throw ProblemException.forbidden("only grid leaders and community staff run polls");
        }
        return "votes/poll-new";
    }

    @PostMapping("/votes/polls")
    String createPoll(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Long buildingId,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String title, @RequestParam(required = false) String body,
            @RequestParam(required = false) String voterUnit, @RequestParam(required = false) String results,
            @RequestParam(required = false) Integer maxChoices, @RequestParam(required = false) String options, RedirectAttributes flash) {
        List<Polls.OptionIn> opts = options == null ? List.of() : Arrays.stream(options.split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> new Polls.OptionIn(s, null)).toList();
        return forms.act(flash, () -> "/votes/polls/" + polls.create(new Polls.NewPoll(gridId, buildingId, parse(Polls.Kind.class, kind),
                title, body, parse(Polls.VoterUnit.class, voterUnit), parse(Polls.Results.class, results), maxChoices, opts),
                CurrentUser.get()).id(), "pollCreated", () -> "/votes/polls/new");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-choice", "no such choice: " + value);
        }
    }

    @GetMapping("/votes/polls/{id}")
    String poll(@PathVariable long id, Model model) {
        GridworkUser u = CurrentUser.get();
        Polls.Poll p = polls.get(id, u);
        model.addAttribute("poll", p);
        model.addAttribute("shown", Polls.resultsShown(p));
        model.addAttribute("tally", polls.tally(p));
        model.addAttribute("mine", polls.myBallot(p, u).orElse(null));
        model.addAttribute("mayVote", polls.mayVote(p, u));
        model.addAttribute("canRun", polls.canRun(p, u));
        model.addAttribute("canPaper", polls.canEnterPaper(p, u));
        return "votes/poll";
    }

    @PostMapping("/votes/polls/{id}/open")
    String open(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> "/votes/polls/" + polls.open(id, CurrentUser.get()).id(), "pollOpened", () -> "/votes/polls/" + id);
    }

    @PostMapping("/votes/polls/{id}/close")
    String close(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> "/votes/polls/" + polls.close(id, CurrentUser.get()).id(), "pollClosed", () -> "/votes/polls/" + id);
    }

    @PostMapping("/votes/polls/{id}/vote")
    String vote(@PathVariable long id, @RequestParam(required = false) List<Long> optionIds, RedirectAttributes flash) {
        return forms.act(flash, () -> {
            polls.cast(id, new Polls.BallotIn(null, null, optionIds), CurrentUser.get());
            return "/votes/polls/" + id;
        }, "voted", () -> "/votes/polls/" + id);
    }

    @GetMapping("/votes/polls/{id}/paper")
    String paper(@PathVariable long id, @RequestParam(required = false) Long householdId, Model model) {
        GridworkUser u = CurrentUser.get();
        Polls.Poll p = polls.get(id, u);
        if (!polls.canEnterPaper(p, u)) {
            throw ProblemException.forbidden("only grid staff of this grid enter paper ballots");
        }
        model.addAttribute("poll", p);
        model.addAttribute("householdId", householdId);
        model.addAttribute("voters", householdId == null ? List.of() : polls.votersOf(p, householdId, u));
        model.addAttribute("tally", polls.tally(p));
        return "votes/poll-paper";
    }

    @PostMapping("/votes/polls/{id}/paper")
    String enterPaper(@PathVariable long id, @RequestParam(required = false) Long householdId,
            @RequestParam(required = false) Long personId, @RequestParam(required = false) List<Long> optionIds, RedirectAttributes flash) {
        String back = "/votes/polls/" + id + "/paper" + (householdId == null ? "" : "?householdId=" + householdId);
        return forms.act(flash, () -> {
            if (householdId == null) {
                throw ProblemException.badRequest("field-required", "choose the household", Map.of("field", "householdId"));
            }
            polls.cast(id, new Polls.BallotIn(householdId, personId, optionIds), CurrentUser.get());
            return back;
        }, "paperEntered", () -> back);
    }

    // ---- owners' decisions -------------------------------------------------------------------------------

    @GetMapping("/votes/decisions/new")
    String newDecision(@RequestParam(required = false) Long compoundId, Model model) {
        GridworkUser u = CurrentUser.get();
        if (!Decisions.runs(u)) {
            throw ProblemException.forbidden("only community staff and the owners committee run owners' decisions");
        }
        model.addAttribute("compounds", decisions.compounds(u));
        model.addAttribute("compoundId", compoundId);
        model.addAttribute("matters", Art278.Matter.values());
        return "votes/decision-new";
    }

    @PostMapping("/votes/decisions")
    String createDecision(@RequestParam(required = false) Long compoundId, @RequestParam(required = false) String title,
            @RequestParam(required = false) String body, @RequestParam(required = false) List<String> matter,
            @RequestParam(required = false) List<String> text, RedirectAttributes flash) {
        List<Decisions.ItemIn> items = new ArrayList<>();
        int n = Math.max(matter == null ? 0 : matter.size(), text == null ? 0 : text.size());
        for (int i = 0; i < n; i++) {
            String m = matter != null && i < matter.size() ? matter.get(i) : null;
            String t = text != null && i < text.size() ? text.get(i) : null;
            if ((t == null || t.isBlank())) {
                continue;
            }
            items.add(new Decisions.ItemIn(parse(Art278.Matter.class, m), t));
        }
        return forms.act(flash, () -> "/votes/decisions/" + decisions.create(new Decisions.NewDecision(compoundId, title, body, items),
                CurrentUser.get()).id(), "decisionCreated", () -> "/votes/decisions/new");
    }

    private Decisions.Outcome outcome(Decisions.Decision d, GridworkUser u) {
        boolean runs = decisions.canRun(d.compoundPath(), u);
        return d.status() == Decisions.Status.CLOSED || runs ? decisions.outcome(d) : new Decisions.Outcome(d, 0, null);
    }

    @GetMapping("/votes/decisions/{id}")
    String decision(@PathVariable long id, Model model) {
        GridworkUser u = CurrentUser.get();
        Decisions.Decision d = decisions.get(id, u);
        model.addAttribute("d", d);
        model.addAttribute("outcome", outcome(d, u));
        model.addAttribute("canRun", decisions.canRun(d.compoundPath(), u));
        model.addAttribute("mine", decisions.ownerPart(d, u).orElse(null));
        model.addAttribute("claimsUnits", OwnerClaims.claims(u));
        return "votes/decision";
    }

    @PostMapping("/votes/decisions/{id}/vote")
    String ownerVote(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        return forms.act(flash, () -> {
            decisions.castOnline(id, choices(form), CurrentUser.get());
            return "/votes/decisions/" + id;
        }, "ownerVoted", () -> "/votes/decisions/" + id);
    }

    private static Map<Long, Decisions.Choice> choices(Map<String, String> form) {
        Map<Long, Decisions.Choice> choices = new HashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("item-") && v != null && !v.isBlank()) {
                try {
                    choices.put(Long.parseLong(k.substring(5)), parse(Decisions.Choice.class, v));
                } catch (NumberFormatException e) {
                    throw ProblemException.badRequest("unknown-item", "no item " + k, Map.of("field", "choices"));
                }
            }
        });
        return choices;
    }

    @PostMapping("/votes/decisions/{id}/open")
    String openDecision(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> "/votes/decisions/" + decisions.open(id, CurrentUser.get()).id(), "decisionOpened",
                () -> "/votes/decisions/" + id);
    }

    @PostMapping("/votes/decisions/{id}/close")
    String closeDecision(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> "/votes/decisions/" + decisions.close(id, CurrentUser.get()).id(), "decisionClosed",
                () -> "/votes/decisions/" + id);
    }

    @GetMapping("/votes/decisions/{id}/paper")
    String decisionPaper(@PathVariable long id, @RequestParam(required = false) Long householdId, Model model) {
        GridworkUser u = CurrentUser.get();
        Decisions.Decision d = decisions.get(id, u);
        if (!decisions.canRun(d.compoundPath(), u)) {
            throw ProblemException.forbidden("you do not run owners' decisions of this compound");
        }
        model.addAttribute("d", d);
        model.addAttribute("householdId", householdId);
        model.addAttribute("unit", householdId == null ? null : decisions.register(id, null, u).stream()
                .filter(r -> r.householdId() == householdId).findFirst().orElse(null));
        model.addAttribute("outcome", decisions.outcome(d));
        return "votes/decision-paper";
    }

    @PostMapping("/votes/decisions/{id}/paper")
    String enterDecisionPaper(@PathVariable long id, @RequestParam(required = false) Long householdId,
            @RequestParam Map<String, String> form, RedirectAttributes flash) {
        String back = "/votes/decisions/" + id + "/paper" + (householdId == null ? "" : "?householdId=" + householdId);
        return forms.act(flash, () -> {
            Map<Long, Decisions.Choice> choices = new HashMap<>();
            form.forEach((k, v) -> {
                if (k.startsWith("item-") && v != null && !v.isBlank()) {
                    choices.put(Long.parseLong(k.substring(5)), parse(Decisions.Choice.class, v));
                }
            });
            decisions.cast(id, new Decisions.BallotIn(householdId, choices), CurrentUser.get());
            return "/votes/decisions/" + id + "/paper";
        }, "paperEntered", () -> back);
    }

    @GetMapping("/votes/decisions/{id}/ballots/print")
    String printBallots(@PathVariable long id, @RequestParam(required = false) String building,
            @RequestParam(required = false) Long householdId, Model model) {
        GridworkUser u = CurrentUser.get();
        Decisions.Decision d = decisions.get(id, u);
        model.addAttribute("d", d);
        model.addAttribute("buildings", d.status() == Decisions.Status.DRAFT ? List.of() : decisions.buildings(id));
        List<Decisions.RegisterRow> rows = building == null && householdId == null || d.status() == Decisions.Status.DRAFT ? List.of()
                : decisions.register(id, householdId == null ? building : null, u).stream()
                        .filter(r -> householdId == null || r.householdId() == householdId).toList();
        model.addAttribute("rows", rows);
        Map<String, Long> ownerArea = new HashMap<>();
        Map<String, Integer> ownerUnits = new HashMap<>();
        if (!rows.isEmpty()) {
            decisions.register(id, null, u).forEach(r -> {
                ownerArea.merge(r.ownerKey(), r.area(), Long::sum);
                ownerUnits.merge(r.ownerKey(), 1, Integer::sum);
            });
        }
        model.addAttribute("ownerArea", ownerArea);
        model.addAttribute("ownerUnits", ownerUnits);
        model.addAttribute("building", building);
        return "votes/ballots-print";
    }

    @GetMapping("/votes/decisions/{id}/notice")
    String notice(@PathVariable long id, Model model) {
        GridworkUser u = CurrentUser.get();
        Decisions.Decision d = decisions.get(id, u);
        model.addAttribute("d", d);
        model.addAttribute("outcome", outcome(d, u));
        return "votes/notice";
    }

    @GetMapping("/votes/compounds/{id}/owners")
    String owners(@PathVariable long id, Model model) {
        GridworkUser u = CurrentUser.get();
        model.addAttribute("compound", decisions.runnable(id, u));
        model.addAttribute("owners", decisions.owners(id, u));
        model.addAttribute("claims", claims.ofCompound(id, u));
        return "votes/owners";
    }

    @PostMapping("/votes/compounds/{id}/owners")
    String addOwner(@PathVariable long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) Boolean developer, @RequestParam(required = false) List<Long> householdIds,
            RedirectAttributes flash) {
        return forms.act(flash, () -> {
            decisions.addOwner(id, new Decisions.NewOwner(name, developer, householdIds), CurrentUser.get());
            return "/votes/compounds/" + id + "/owners";
        }, "ownerAdded", () -> "/votes/compounds/" + id + "/owners");
    }

    @GetMapping("/votes/owners/{id}")
    String owner(@PathVariable long id, Model model) {
        GridworkUser u = CurrentUser.get();
        Decisions.Owner o = decisions.owner(id, u);
        model.addAttribute("owner", o);
        model.addAttribute("compound", decisions.runnable(o.compoundId(), u));
        return "votes/owner";
    }

    @PostMapping("/votes/owners/{id}")
    String updateOwner(@PathVariable long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) Boolean developer, @RequestParam(required = false) List<Long> householdIds,
            RedirectAttributes flash) {
        return forms.act(flash, () -> {
            Decisions.Owner o = decisions.updateOwner(id, new Decisions.NewOwner(name, developer, householdIds), CurrentUser.get());
            return "/votes/compounds/" + o.compoundId() + "/owners";
        }, "ownerUpdated", () -> "/votes/owners/" + id);
    }

    @PostMapping("/votes/owners/{id}/remove")
    String removeOwner(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> {
            long compound = decisions.owner(id, CurrentUser.get()).compoundId();
            decisions.removeOwner(id, CurrentUser.get());
            return "/votes/compounds/" + compound + "/owners";
        }, "ownerRemoved", () -> "/votes/owners/" + id);
    }

    // ---- owners online: claims -------------------------------------------------------------------------

    @GetMapping("/votes/ownership")
    String ownership(Model model) {
        GridworkUser u = CurrentUser.get();
        model.addAttribute("home", claims.home(u).orElse(null));
        model.addAttribute("claims", claims.mine(u));
        return "votes/ownership";
    }

    @PostMapping("/votes/ownership")
    String claim(@RequestParam(required = false) String building, @RequestParam(required = false) String unit,
            @RequestParam(required = false) String room, RedirectAttributes flash) {
        return forms.act(flash, () -> {
            claims.claim(new OwnerClaims.ClaimIn(building, unit, room), CurrentUser.get());
            return "/votes/ownership";
        }, "claimSent", () -> "/votes/ownership");
    }

    @PostMapping("/votes/owner-claims/{id}/confirm")
    String confirmClaim(@PathVariable long id, RedirectAttributes flash) {
        long compound = claimCompound(id);
        return forms.act(flash, () -> {
            claims.confirm(id, CurrentUser.get());
            return "/votes/compounds/" + compound + "/owners";
        }, "claimConfirmed", () -> "/votes/compounds/" + compound + "/owners");
    }

    @PostMapping("/votes/owner-claims/{id}/reject")
    String rejectClaim(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        long compound = claimCompound(id);
        return forms.act(flash, () -> {
            claims.reject(id, reason, CurrentUser.get());
            return "/votes/compounds/" + compound + "/owners";
        }, "claimRejected", () -> "/votes/compounds/" + compound + "/owners");
    }

    private long claimCompound(long id) {
        return claims.compoundOf(id, CurrentUser.get());
    }
}
