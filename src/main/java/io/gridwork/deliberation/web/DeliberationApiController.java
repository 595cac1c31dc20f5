package io.gridwork.deliberation.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

import io.gridwork.deliberation.DeliberationApi.Attendance;
import io.gridwork.deliberation.DeliberationApi.MeetingKind;
import io.gridwork.deliberation.DeliberationApi.Party;
import io.gridwork.deliberation.internal.Decisions;
import io.gridwork.deliberation.internal.Meetings;
import io.gridwork.deliberation.internal.Renovation;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.votes.VotesApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/deliberation")
@Tag(name = "Deliberation", description = "Meetings with agenda, invitees, attendance and minutes; decisions followed to completion; "
        + "old-compound renovation projects")
class DeliberationApiController {

    private final Meetings meetings;
    private final Decisions decisions;
    private final Renovation renovation;

    DeliberationApiController(Meetings meetings, Decisions decisions, Renovation renovation) {
        this.meetings = meetings;
        this.decisions = decisions;
        this.renovation = renovation;
    }

    // ---- meetings -------------------------------------------------------------------------------

    @GetMapping("/meetings")
    @Operation(summary = "Meetings the caller sees (staff: of the grids they reach; everyone: those they are invited to), latest first")
    List<Meetings.Summary> meetings() {
        return meetings.visible(CurrentUser.get());
    }

    record MeetingBody(Long gridId, MeetingKind kind, String title, String place, Instant startsAt) {
    }

    @PostMapping("/meetings")
    @Operation(summary = "An organiser creates a meeting (JOINT, COUNCIL, CONSULTATION, BUILDING_COUNCIL) on a community or compound")
    ResponseEntity<Meetings.Meeting> create(@RequestBody(required = false) MeetingBody b) {
        Meetings.Meeting m = meetings.create(b == null ? null : new Meetings.NewMeeting(b.gridId(), b.kind(), b.title(), b.place(),
                b.startsAt()), CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/deliberation/meetings/" + m.id())).body(m);
    }

    record MeetingView(Meetings.Meeting meeting, List<Decisions.Decision> decisions) {
    }

    @GetMapping("/meetings/{id}")
    @Operation(summary = "A meeting: agenda, invitees with attendance, minutes and addenda, decisions")
    MeetingView meeting(@PathVariable long id) {
        return new MeetingView(meetings.get(id, CurrentUser.get()), decisions.ofMeeting(id));
    }

    record AgendaBody(String title, String detail) {
    }

    @PostMapping("/meetings/{id}/agenda")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an agenda item (until the minutes are published)")
    Meetings.AgendaItem agenda(@PathVariable long id, @RequestBody(required = false) AgendaBody b) {
        return meetings.addAgendaItem(id, b == null ? null : b.title(), b == null ? null : b.detail(), CurrentUser.get());
    }

    record InviteBody(Long accountId) {
    }

    @PostMapping("/meetings/{id}/invitees")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Invite an account (found with /pick/accounts); the invitee gets an inbox message")
    Meetings.Meeting invite(@PathVariable long id, @RequestBody(required = false) InviteBody b) {
        return meetings.invite(id, b == null ? null : b.accountId(), CurrentUser.get());
    }

    record AttendanceBody(Long accountId, Attendance attendance) {
    }

    @PutMapping("/meetings/{id}/attendance")
    @Operation(summary = "Record an invitee PRESENT, ABSENT or EXCUSED, once the meeting has begun and until the minutes are published")
    Meetings.Meeting attendance(@PathVariable long id, @RequestBody(required = false) AttendanceBody b) {
        return meetings.recordAttendance(id, b == null ? null : b.accountId(), b == null ? null : b.attendance(), CurrentUser.get());
    }

    record MinutesBody(String minutes) {
    }

    @PutMapping("/meetings/{id}/minutes")
    @Operation(summary = "Write the minutes (after the meeting began; refused once published)")
    Meetings.Meeting minutes(@PathVariable long id, @RequestBody(required = false) MinutesBody b) {
        return meetings.writeMinutes(id, b == null ? null : b.minutes(), CurrentUser.get());
    }

    @PostMapping("/meetings/{id}/minutes/publish")
    @Operation(summary = "Publish the minutes; they never change afterwards")
    Meetings.Meeting publish(@PathVariable long id) {
        return meetings.publishMinutes(id, CurrentUser.get());
    }

    record AddendumBody(String body) {
    }

    @PostMapping("/meetings/{id}/addenda")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an addendum (a correction) to published minutes")
    Meetings.Meeting addendum(@PathVariable long id, @RequestBody(required = false) AddendumBody b) {
        return meetings.addAddendum(id, b == null ? null : b.body(), CurrentUser.get());
    }

    record DecisionBody(String title, Party party, Long ownerAccountId, LocalDate due) {
    }

    @PostMapping("/agenda-items/{id}/decisions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a decision on an agenda item: what, responsible party, owner account, due date (not before the meeting)")
    Decisions.Decision decide(@PathVariable long id, @RequestBody(required = false) DecisionBody b) {
        return decisions.decide(id, b == null ? null : new Decisions.NewDecision(b.title(), b.party(), b.ownerAccountId(), b.due()),
                CurrentUser.get());
    }

    // ---- decisions ------------------------------------------------------------------------------

    @GetMapping("/decisions")
    @Operation(summary = "Decisions the caller follows (organisers: all in reach; a party: its own; an owner: theirs), overdue first")
    List<Decisions.Decision> decisions() {
        return decisions.followed(CurrentUser.get());
    }

    @GetMapping("/decisions/{id}")
    @Operation(summary = "A decision with its dated updates")
    Decisions.Decision decision(@PathVariable long id) {
        return decisions.get(id, CurrentUser.get());
    }

    record UpdateBody(String status, Integer progress, String note) {
    }

    @PostMapping("/decisions/{id}/updates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A dated update: status IN_PROGRESS (progress 0–100) or DONE (the note is the closing note; final)")
    Decisions.Decision update(@PathVariable long id, @RequestBody(required = false) UpdateBody b) {
        return decisions.update(id, b == null ? null : b.status(), b == null ? null : b.progress(), b == null ? null : b.note(),
                CurrentUser.get());
    }

    record BulkBody(List<Long> ids, String status, Integer progress, String note) {
    }

    @PostMapping("/decisions/bulk")
    @Operation(summary = "Update several decisions with one status and note, all or none")
    List<Decisions.Decision> bulk(@RequestBody(required = false) BulkBody b) {
        return decisions.bulk(b == null ? null : b.ids(), b == null ? null : b.status(), b == null ? null : b.progress(),
                b == null ? null : b.note(), CurrentUser.get());
    }

    record Overdue(List<Decisions.Decision> decisions, List<Renovation.Project> projects) {
    }

    @GetMapping("/overdue")
    @Operation(summary = "The supervision board: overdue decisions and renovation projects of the grids the caller reaches")
    Overdue overdue() {
        return new Overdue(decisions.overdue(CurrentUser.get()), renovation.overdue(CurrentUser.get()));
    }

    // ---- renovation -----------------------------------------------------------------------------

    @GetMapping("/proposals")
    @Operation(summary = "Renovation proposals of the compounds the caller reaches (a resident: their own compound)")
    List<Renovation.Proposal> proposals() {
        return renovation.visibleProposals(CurrentUser.get());
    }

    @PostMapping("/proposals")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A resident proposes a renovation for the compound they live in")
    Renovation.Proposal propose(@RequestBody(required = false) AgendaBody b) {
        return renovation.propose(b == null ? null : b.title(), b == null ? null : b.detail(), CurrentUser.get());
    }

    @GetMapping("/projects")
    @Operation(summary = "Renovation projects the caller sees, overdue first")
    List<Renovation.Project> projects() {
        return renovation.visible(CurrentUser.get());
    }

    @PostMapping("/projects")
    @Operation(summary = "An organiser makes a project from proposals of one compound: budget in fen (not negative), due date, stages")
    ResponseEntity<Renovation.Project> createProject(@RequestBody(required = false) Renovation.NewProject b) {
        Renovation.Project p = renovation.create(b, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/deliberation/projects/" + p.id())).body(p);
    }

    @GetMapping("/projects/{id}")
    @Operation(summary = "A project: stages with photos, budget and spending, proposals, updates; planVoteId once the plan's vote is linked")
    Renovation.Project project(@PathVariable long id) {
        return renovation.get(id, CurrentUser.get());
    }

    @GetMapping("/projects/{id}/plan-vote")
    @Operation(summary = "The residents' vote on a project's plan: kind (POLL or DECISION), state, ballots against the electorate, "
            + "agree and oppose, and once closed whether it passed; 404 when none is linked")
    VotesApi.VoteState planVote(@PathVariable long id) {
        Renovation.Project p = renovation.get(id, CurrentUser.get());
        return renovation.planVote(p).orElseThrow(() -> ProblemException.notFound("plan vote of project", id));
    }

    record PlanVoteBody(VotesApi.VoteKind kind, String matter) {
    }

    @PostMapping("/projects/{id}/plan-vote")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start the residents' vote on the plan ({kind: POLL | DECISION, matter: an Art. 278 matter for a decision, e.g. "
            + "REBUILD or COMMON_PARTS_USE}); the project moves to its next stage when the vote passes; 409 delib-vote-linked, delib-plan-decided")
    VotesApi.VoteState startPlanVote(@PathVariable long id, @RequestBody(required = false) PlanVoteBody b) {
        GridworkUser u = CurrentUser.get();
        Renovation.Project p = renovation.startPlanVote(id, b == null ? null : b.kind(), b == null ? null : b.matter(), u);
        return renovation.planVote(p).orElseThrow();
    }

    @PostMapping("/projects/{id}/updates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A dated progress update of a project (DONE closes it)")
    Renovation.Project projectUpdate(@PathVariable long id, @RequestBody(required = false) UpdateBody b) {
        return renovation.update(id, b == null ? null : b.status(), b == null ? null : b.progress(), b == null ? null : b.note(),
                CurrentUser.get());
    }

    record StageBody(Renovation.StageStatus status) {
    }

    @PostMapping("/projects/{id}/stages/{stageId}/status")
    @Operation(summary = "Move a stage on: PENDING → ACTIVE → DONE")
    Renovation.Project stage(@PathVariable long id, @PathVariable long stageId, @RequestBody(required = false) StageBody b) {
        return renovation.stageStatus(id, stageId, b == null ? null : b.status(), CurrentUser.get());
    }

    record SpendingBody(Long stageId, Long amountFen, LocalDate spentOn, String description) {
    }

    @PostMapping("/projects/{id}/spending")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Book a spending entry in fen (above zero, not in the future)")
    Renovation.Project spending(@PathVariable long id, @RequestBody(required = false) SpendingBody b) {
        return renovation.addSpending(id, b == null ? null : b.stageId(), b == null ? null : b.amountFen(),
                b == null ? null : b.spentOn(), b == null ? null : b.description(), CurrentUser.get());
    }

    @PostMapping("/projects/{id}/stages/{stageId}/photos")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add photos of a stage (multipart 'file' parts; real images only, re-encoded without EXIF; at most 9 a stage)")
    Renovation.Project photos(@PathVariable long id, @PathVariable long stageId, HttpServletRequest request) {
        renovation.checkPhotoTarget(id, stageId, CurrentUser.get());
        return renovation.addPhotos(id, stageId, uploads(request), CurrentUser.get());
    }

    @GetMapping("/projects/{id}/photos/{photoId}")
    @Operation(summary = "A stage photo (JPEG)")
    ResponseEntity<byte[]> photo(@PathVariable long id, @PathVariable long photoId) throws IOException {
        byte[] bytes;
        try (var in = renovation.photo(id, photoId, CurrentUser.get())) {
            bytes = in.readAllBytes();
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.noCache().cachePrivate()).body(bytes);
    }

    static List<Renovation.Upload> uploads(HttpServletRequest request) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw ProblemException.badRequest("multipart-required", "send the photos as multipart/form-data 'file' parts");
        }
        List<Renovation.Upload> out = new ArrayList<>();
        for (MultipartFile f : multipart.getFiles("file")) {
            if (f.isEmpty() && (f.getOriginalFilename() == null || f.getOriginalFilename().isBlank())) {
                continue;
            }
            try {
                out.add(new Renovation.Upload(f.getOriginalFilename(), f.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
