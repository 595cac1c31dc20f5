package io.gridwork.economy.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.economy.internal.Activities;
import io.gridwork.economy.internal.Ledger;
import io.gridwork.economy.internal.Recognition;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/economy")
@Tag(name = "Community activities and recognition", description = "Activities with sign-up, waiting list, check-in and "
        + "verified attendance earning points; 优秀志愿者 / 最美网格员 nominations and votes")
class ActivityApiController {

    private final Activities activities;
    private final Recognition recognition;

    ActivityApiController(Activities activities, Recognition recognition) {
        this.activities = activities;
        this.recognition = recognition;
    }

    // ---- organisers -----------------------------------------------------------------------------

    @GetMapping("/communities/{id}/activities")
    @Operation(summary = "A community's activities within the organiser's grids, latest start first")
    List<Activities.Activity> ofCommunity(@PathVariable long id, @RequestParam(defaultValue = "100") int limit) {
        return activities.ofCommunity(id, EconomyApiController.limit(limit), CurrentUser.get());
    }

    @PostMapping("/communities/{id}/activities")
    @Operation(summary = "Publish an activity of the community or one of its grids (gridId): kind, title, place, startsAt, "
            + "endsAt, capacity, signupUnit PERSON or HOUSEHOLD, capacityUnit PERSON or HOUSEHOLD, ruleId (points) if any")
    ResponseEntity<Activities.Activity> create(@PathVariable long id, @RequestBody(required = false) Activities.NewActivity body) {
        Activities.Activity a = activities.create(id, body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/economy/activities/" + a.id())).body(a);
    }

    @GetMapping("/activities/{id}")
    @Operation(summary = "One activity: for its organisers with every sign-up and attendance, for a resident of its grid "
            + "with their own sign-up")
    Object activity(@PathVariable long id) {
        var user = CurrentUser.get();
        return user.isStaff() ? activities.withSignups(id, user) : activities.forResident(id, user);
    }

    @PutMapping("/activities/{id}")
    @Operation(summary = "Change an activity: title, place, description, startsAt, endsAt, capacity (all sent). 409 "
            + "activity-cancelled, activity-ended, activity-running (its start once begun), capacity-below-signups; "
            + "the signed-up are told of a new time or place")
    Activities.Activity edit(@PathVariable long id, @RequestBody(required = false) Activities.ActivityChange body) {
        return activities.edit(id, body, CurrentUser.get());
    }

    /** Why an activity is cancelled. */
    record Cancellation(String reason) {
    }

    @PostMapping("/activities/{id}/cancel")
    @Operation(summary = "Cancel an activity with a reason (required); its signed-up get an inbox notice and no points are "
            + "credited for it any more. 409 activity-cancelled, activity-ended, activity-credited")
    Activities.Activity cancelActivity(@PathVariable long id, @RequestBody(required = false) Cancellation body) {
        return activities.cancelActivity(id, body == null ? null : body.reason(), CurrentUser.get());
    }

    /** The person a check-in, check-out, verification or credit is for. */
    record PersonRef(Long personId) {
    }

    @PostMapping("/activities/{id}/check-in")
    @Operation(summary = "Check in a person named by a confirmed sign-up (from an hour before the start to the end)")
    Activities.Attendance checkIn(@PathVariable long id, @RequestBody(required = false) PersonRef body) {
        return activities.checkIn(id, body == null ? null : body.personId(), CurrentUser.get());
    }

    @PostMapping("/activities/{id}/check-out")
    @Operation(summary = "Check a person out; the minutes within the activity's hours are counted")
    Activities.Attendance checkOut(@PathVariable long id, @RequestBody(required = false) PersonRef body) {
        return activities.checkOut(id, body == null ? null : body.personId(), CurrentUser.get());
    }

    @PostMapping("/activities/{id}/verify")
    @Operation(summary = "Verify a checked-out attendance (once); its points are fixed by the activity's rule")
    Activities.Attendance verify(@PathVariable long id, @RequestBody(required = false) PersonRef body) {
        return activities.verify(id, body == null ? null : body.personId(), CurrentUser.get());
    }

    @PostMapping("/activities/{id}/credit")
    @Operation(summary = "Credit a verified attendance's points to the person, once (Idempotency-Key required: the same key "
            + "returns the same posting with 200); 409 attendance-not-verified before verification")
    ResponseEntity<Ledger.Posting> credit(@PathVariable long id, @RequestBody(required = false) PersonRef body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return EconomyApiController.posted(activities.credit(id, body == null ? null : body.personId(), key, CurrentUser.get()));
    }

    // ---- residents ------------------------------------------------------------------------------

    @GetMapping("/activities")
    @Operation(summary = "The activities of the signed-in resident's grids that have not ended, with their own sign-ups")
    List<Activities.ForResident> mine() {
        return activities.forResident(CurrentUser.get(), Instant.now());
    }

    /** Who of the household comes (per-household activities; none: the resident alone). */
    record SignupRequest(List<Long> memberIds) {
    }

    @PostMapping("/activities/{id}/signups")
    @Operation(summary = "Sign up (per person: oneself; per household: the household, naming its members who come): "
            + "CONFIRMED within the capacity, else WAITLISTED; 409 already-signed-up, activity-started")
    ResponseEntity<Activities.Signup> signUp(@PathVariable long id, @RequestBody(required = false) SignupRequest body) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(activities.signUp(id, body == null ? null : body.memberIds(), CurrentUser.get()));
    }

    @PostMapping("/activities/{id}/signup/cancel")
    @Operation(summary = "Cancel one's (or one's household's) sign-up before the start; the waiting list moves up")
    Activities.Signup cancel(@PathVariable long id) {
        return activities.cancel(id, CurrentUser.get());
    }

    // ---- recognition ----------------------------------------------------------------------------

    @GetMapping("/communities/{id}/recognition")
    @Operation(summary = "A community's recognition rounds (优秀志愿者, 最美网格员), for its staff and residents")
    List<Recognition.Round> rounds(@PathVariable long id) {
        return recognition.rounds(id, CurrentUser.get());
    }

    @PostMapping("/communities/{id}/recognition")
    @Operation(summary = "Open a round: award VOLUNTEER or GRID_WORKER, title, period, nominationsEnd, votingEnd, winners")
    ResponseEntity<Recognition.Round> open(@PathVariable long id, @RequestBody(required = false) Recognition.NewRound body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(recognition.open(id, body, CurrentUser.get()));
    }

    @GetMapping("/recognition/{id}")
    @Operation(summary = "A round with its nominees and reasons; vote counts once voting is over (staff) or published")
    Recognition.RoundView round(@PathVariable long id) {
        return recognition.view(id, CurrentUser.get());
    }

    record Nomination(Long personId, String reason) {
    }

    @PostMapping("/recognition/{id}/nominations")
    @Operation(summary = "A resident nominates a volunteer living in the community, or a grid worker assigned there, with a "
            + "reason, while nominations are open")
    ResponseEntity<Recognition.Nominee> nominate(@PathVariable long id, @RequestBody(required = false) Nomination body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(recognition.nominate(id, body == null ? null : body.personId(),
                body == null ? null : body.reason(), CurrentUser.get()));
    }

    record Ballot(Long nomineeId) {
    }

    @PostMapping("/recognition/{id}/votes")
    @Operation(summary = "A resident votes once per round while voting is open: 201, the same choice again 200, "
            + "another 409 already-voted")
    ResponseEntity<Recognition.Vote> vote(@PathVariable long id, @RequestBody(required = false) Ballot body) {
        Recognition.Vote v = recognition.vote(id, body == null ? null : body.nomineeId(), CurrentUser.get());
        return ResponseEntity.status(v.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(v);
    }

    @PostMapping("/recognition/{id}/publish")
    @Operation(summary = "Publish the result with the counts once voting has ended")
    Recognition.RoundView publish(@PathVariable long id) {
        return recognition.publish(id, CurrentUser.get());
    }
}
