package io.gridwork.votes.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.votes.internal.Decisions;
import io.gridwork.votes.internal.OwnerClaims;
import io.gridwork.votes.internal.Polls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/votes")
@Tag(name = "Votes")
class VotesApiController {

    private final Polls polls;
    private final Decisions decisions;
    private final OwnerClaims claims;

    VotesApiController(Polls polls, Decisions decisions, OwnerClaims claims) {
        this.polls = polls;
        this.decisions = decisions;
        this.claims = claims;
    }

    /** A poll as its reader sees it: the counts only when results are shown (live, or after closing). */
    record PollOut(Polls.Poll poll, boolean resultsShown, Polls.Tally tally, Polls.Ballot myBallot, boolean mayVote) {
    }

    PollOut out(Polls.Poll p, GridworkUser u) {
        boolean shown = Polls.resultsShown(p);
        Polls.Tally t = polls.tally(p);
        if (!shown) {
            // turnout only: who voted is counted, what they chose stays sealed
            t = new Polls.Tally(t.ballots(), t.census(), t.online(), t.paper(), List.of());
        }
        return new PollOut(p, shown, t, polls.myBallot(p, u).orElse(null), polls.mayVote(p, u));
    }

    @GetMapping("/polls")
    @Operation(summary = "The polls and elections the caller sees (staff: their grids and those above; residents: where they live)")
    List<Polls.Poll> list() {
        return polls.visible(CurrentUser.get());
    }

    @PostMapping("/polls")
    @Operation(summary = "A draft poll or election over a grid (kind POLL/ELECTION, voterUnit RESIDENT/HOUSEHOLD, results LIVE/AFTER_CLOSE, "
            + "maxChoices: the choices allowed, or an election's seats)")
    ResponseEntity<Polls.Poll> create(@RequestBody(required = false) Polls.NewPoll body) {
        Polls.Poll p = polls.create(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/votes/polls/" + p.id())).body(p);
    }

    @GetMapping("/polls/{id}")
    @Operation(summary = "A poll with its turnout, the counts when shown, and the caller's own ballot")
    PollOut get(@PathVariable long id) {
        GridworkUser u = CurrentUser.get();
        return out(polls.get(id, u), u);
    }

    @PostMapping("/polls/{id}/open")
    @Operation(summary = "Open a draft: the census (who may vote) is fixed now")
    PollOut open(@PathVariable long id) {
        GridworkUser u = CurrentUser.get();
        return out(polls.open(id, u), u);
    }

    @PostMapping("/polls/{id}/close")
    @Operation(summary = "Close an open poll; its results are shown from now on")
    PollOut close(@PathVariable long id) {
        GridworkUser u = CurrentUser.get();
        return out(polls.close(id, u), u);
    }

    @PostMapping("/polls/{id}/ballots")
    @Operation(summary = "Vote: a resident for themselves ({optionIds}), or staff entering a paper ballot ({householdId, personId, "
            + "optionIds}); 409 already-voted, not-in-census, poll-not-open")
    ResponseEntity<Polls.Ballot> vote(@PathVariable long id, @RequestBody(required = false) Polls.BallotIn body) {
        return ResponseEntity.status(201).body(polls.cast(id, body, CurrentUser.get()));
    }

    @GetMapping("/compounds/{id}/owners")
    @Operation(summary = "A compound's owners register: owners of several units and the developer's unsold units (each counts as one owner)")
    List<Decisions.Owner> owners(@PathVariable long id) {
        return decisions.owners(id, CurrentUser.get());
    }

    @PostMapping("/compounds/{id}/owners")
    @Operation(summary = "Register an owner of several units, or the developer's units ({name, developer, householdIds})")
    ResponseEntity<Decisions.Owner> addOwner(@PathVariable long id, @RequestBody(required = false) Decisions.NewOwner body) {
        return ResponseEntity.status(201).body(decisions.addOwner(id, body, CurrentUser.get()));
    }

    @GetMapping("/owners/{id}")
    @Operation(summary = "An owner entry of a compound's owners register")
    Decisions.Owner owner(@PathVariable long id) {
        return decisions.owner(id, CurrentUser.get());
    }

    @PutMapping("/owners/{id}")
    @Operation(summary = "Correct an owner entry ({name, developer, householdIds}: the units held replace the old ones); "
            + "decisions opened already keep their frozen register; 409 unit-owned")
    Decisions.Owner updateOwner(@PathVariable long id, @RequestBody(required = false) Decisions.NewOwner body) {
        return decisions.updateOwner(id, body, CurrentUser.get());
    }

    @DeleteMapping("/owners/{id}")
    @Operation(summary = "Remove an owner entry; 409 owner-has-ballots while the owner has a ballot in an open decision")
    ResponseEntity<Void> removeOwner(@PathVariable long id) {
        decisions.removeOwner(id, CurrentUser.get());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/decisions")
    @Operation(summary = "The owners' decisions (Civil Code Art. 278) the caller sees")
    List<Decisions.Decision> decisions() {
        return decisions.visible(CurrentUser.get());
    }

    @PostMapping("/decisions")
    @Operation(summary = "A draft owners' decision of a compound with its items ({matter, text}; the matter decides the threshold)")
    ResponseEntity<Decisions.Decision> createDecision(@RequestBody(required = false) Decisions.NewDecision body) {
        Decisions.Decision d = decisions.create(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/votes/decisions/" + d.id())).body(d);
    }

    @GetMapping("/decisions/{id}")
    @Operation(summary = "A decision with its result: participation by area and owners, and each item's agreement, each against its "
            + "threshold (shown to the compound once closed, to those running it while open)")
    Decisions.Outcome decision(@PathVariable long id) {
        GridworkUser u = CurrentUser.get();
        Decisions.Decision d = decisions.get(id, u);
        if (d.status() != Decisions.Status.CLOSED && !decisions.canRun(d.compoundPath(), u)) {
            return new Decisions.Outcome(d, 0, null);
        }
        return decisions.outcome(d);
    }

    @PostMapping("/decisions/{id}/open")
    @Operation(summary = "Open a draft decision: the register of units, areas and owners is frozen now")
    Decisions.Decision openDecision(@PathVariable long id) {
        return decisions.open(id, CurrentUser.get());
    }

    @PostMapping("/decisions/{id}/close")
    @Operation(summary = "Close an open decision")
    Decisions.Decision closeDecision(@PathVariable long id) {
        return decisions.close(id, CurrentUser.get());
    }

    @PostMapping("/decisions/{id}/ballots")
    @Operation(summary = "Enter a signed paper ballot of a unit ({householdId, choices: {itemId: AGREE|OPPOSE|ABSTAIN}}); one per owner")
    ResponseEntity<Decisions.Ballot> ownerBallot(@PathVariable long id, @RequestBody(required = false) Decisions.BallotIn body) {
        return ResponseEntity.status(201).body(decisions.cast(id, body, CurrentUser.get()));
    }

    @GetMapping("/decisions/{id}/register")
    @Operation(summary = "The frozen register of units (area in 0.01 m², the owner each counts for, whether voted), optionally one building's")
    List<Decisions.RegisterRow> register(@PathVariable long id, @RequestParam(required = false) String building) {
        return decisions.register(id, building, CurrentUser.get());
    }

    // ---- owners online ---------------------------------------------------------------------------------

    @GetMapping("/owner-claims")
    @Operation(summary = "The caller's claims to own units (a resident), with their state (PENDING, CONFIRMED, REJECTED, REVOKED)")
    List<OwnerClaims.Claim> myClaims() {
        return claims.mine(CurrentUser.get());
    }

    @PostMapping("/owner-claims")
    @Operation(summary = "A resident claims a unit of their home compound as its owner ({building, unit, room}); staff confirm it after "
            + "seeing the property certificate; 409 claim-exists, unit-claimed")
    ResponseEntity<OwnerClaims.Claim> claim(@RequestBody(required = false) OwnerClaims.ClaimIn body) {
        return ResponseEntity.status(201).body(claims.claim(body, CurrentUser.get()));
    }

    @GetMapping("/compounds/{id}/owner-claims")
    @Operation(summary = "A compound's pending and confirmed owner claims (those running its owners' decisions)")
    List<OwnerClaims.Claim> compoundClaims(@PathVariable long id) {
        return claims.ofCompound(id, CurrentUser.get());
    }

    @PostMapping("/owner-claims/{id}/confirm")
    @Operation(summary = "Confirm a pending claim once the certificate was seen: the resident votes online for the unit's owner; "
            + "409 claim-not-pending, unit-claimed, unit-developer-held, owner-merge")
    OwnerClaims.Claim confirmClaim(@PathVariable long id) {
        return claims.confirm(id, CurrentUser.get());
    }

    record Reason(String reason) {
    }

    @PostMapping("/owner-claims/{id}/reject")
    @Operation(summary = "Reject a pending claim, or revoke a confirmed one ({reason}, shown to the resident)")
    OwnerClaims.Claim rejectClaim(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return claims.reject(id, body == null ? null : body.reason(), CurrentUser.get());
    }

    @GetMapping("/decisions/{id}/mine")
    @Operation(summary = "The caller's part in an open or closed decision as a confirmed owner: the units counted, their area, whether "
            + "and how the owner voted; 403 not-owner")
    Decisions.OwnerPart myPart(@PathVariable long id) {
        GridworkUser u = CurrentUser.get();
        return decisions.ownerPart(decisions.get(id, u), u).orElseThrow(OwnerClaims::notOwner);
    }

    record OwnerVote(java.util.Map<Long, Decisions.Choice> choices) {
    }

    @PostMapping("/decisions/{id}/vote")
    @Operation(summary = "An owner votes online ({choices: {itemId: AGREE|OPPOSE|ABSTAIN}}): one ballot for all their units, counted once "
            + "across online and paper; 403 not-owner, 409 owner-voted-paper, owner-voted-online, decision-not-open")
    ResponseEntity<List<Decisions.Ballot>> ownerVote(@PathVariable long id, @RequestBody(required = false) OwnerVote body) {
        return ResponseEntity.status(201).body(decisions.castOnline(id, body == null ? null : body.choices(), CurrentUser.get()));
    }
}
