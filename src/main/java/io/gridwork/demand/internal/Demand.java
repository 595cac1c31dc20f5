package io.gridwork.demand.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.Grade;
import io.gridwork.shared.web.ProblemException;

/**
 * The demand aggregate. Transitions are methods that check the current state, refuse a wrong one
 * with a 409 problem, change the state and record a timeline entry; nothing sets the status from
 * outside. Side effects (deadlines, events, assignments) are the service's business.
 */
class Demand {

    /** A timeline entry waiting to be written with the demand, stamped when it happened. */
    record Step(String action, DemandStatus from, DemandStatus to, String note, Instant at) {

        Step(String action, DemandStatus from, DemandStatus to, String note) {
            this(action, from, to, note, DemandClock.now());
        }
    }

    /** The yellow and red deadlines of the running limits, in this order when two fall at the same time. */
    enum DeadlineKind { RESPOND_YELLOW, RESPOND_RED, RESOLVE_YELLOW, RESOLVE_RED }

    /** One deadline of the running limits. */
    record Deadline(DeadlineKind kind, Instant at) {

        /** The order they fall due in. */
        static final Comparator<Deadline> ORDER = Comparator.comparing(Deadline::at).thenComparing(Deadline::kind);
    }

    Long id;
    String refNo;
    long communityId;
    Long compoundId;
    Long microGridId;
    String gridPath;
    Long buildingId, unitId, householdId;
    Double lat, lon;
    String locationText;
    String categoryCode;
    Grade grade;
    String description;
    Channel channel;
    Long reporterAccountId;
    Long reporterPersonId;
    String reporterName;
    String contactPhoneEnc, contactPhoneMask;
    boolean anonymous;
    Long enteredBy;
    DemandStatus status;
    DemandStatus heldFromStatus;
    String holdReason;
    Instant holdStartedAt;
    String clock = "NATURAL";
    Instant submittedAt;
    Instant respondYellowAt, respondDueAt, respondedAt;
    Instant resolveYellowAt, resolveDueAt;
    boolean deadlineBinding;
    String measures;
    Instant resolvedAt;
    boolean handledOnSpot;
    Instant closedAt;
    Integer rating;
    String ratingComment;
    Instant ratedAt;
    int reopenCount;
    Long mergedIntoId;
    int escalationLevel;
    Long escalatedGridId;
    int supervisedCount;
    Instant reminderSentAt;
    /** Reported by a resident whose account is not yet linked to the register (a sign-up awaiting a worker). */
    boolean reporterUnverified;
    /** The next yellow or red deadline of the running limits (null: none runs). */
    DeadlineKind nextDueKind;
    Instant nextDueAt;
    /** When the demand is raised to the next grid level if it is still red then (null: not scheduled). */
    Instant escalateAt;
    /** 'account:<id>:<key>' of the submission that created it, unique (null: submitted without a key). */
    String idempotencyKey;
    int version;

    final List<Step> steps = new ArrayList<>();

    static Demand submitted(Instant now) {
        Demand d = new Demand();
        d.status = DemandStatus.SUBMITTED;
        d.submittedAt = now;
        d.steps.add(new Step("SUBMITTED", null, DemandStatus.SUBMITTED, null, now));
        return d;
    }

    private void require(Set<DemandStatus> allowed, String action) {
        if (!allowed.contains(status)) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition",
                    "cannot " + action + " a demand that is " + status, Map.of("status", status.name(), "action", action));
        }
    }

    /** A reason, a comment or measures must be given: 400 naming the field otherwise. */
    private static void requireText(String value, String code, String message, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(code, message, Map.of("field", field));
        }
    }

    private void move(DemandStatus to, String action, String note) {
        steps.add(new Step(action, status, to, note));
        status = to;
    }

    void accept(Grade grade, String categoryCode, String note) {
        require(EnumSet.of(DemandStatus.SUBMITTED), "accept");
        this.grade = grade;
        this.categoryCode = categoryCode;
        move(DemandStatus.ACCEPTED, "ACCEPTED", note);
    }

    void reject(String reason, Long mergedInto) {
        require(EnumSet.of(DemandStatus.SUBMITTED, DemandStatus.ACCEPTED), "reject");
        requireText(reason, "reason-required", "a rejection needs a reason", "reason");
        this.mergedIntoId = mergedInto;
        move(DemandStatus.REJECTED, mergedInto == null ? "REJECTED" : "MERGED", reason);
    }

    void dispatch(String note) {
        require(EnumSet.of(DemandStatus.ACCEPTED, DemandStatus.REOPENED), "dispatch");
        move(DemandStatus.DISPATCHED, "DISPATCHED", note);
    }

    /** Re-routing or adding a party keeps the state; it is a step of its own. */
    void reroute(String note) {
        require(EnumSet.of(DemandStatus.DISPATCHED, DemandStatus.IN_PROGRESS, DemandStatus.REOPENED), "re-route");
        requireText(note, "reason-required", "re-routing needs a reason", "reason");
        steps.add(new Step("REROUTED", status, status, note));
    }

    void start(String note) {
        require(EnumSet.of(DemandStatus.DISPATCHED, DemandStatus.IN_PROGRESS), "start");
        if (status == DemandStatus.DISPATCHED) {
            move(DemandStatus.IN_PROGRESS, "STARTED", note);
        } else {
            steps.add(new Step("PROGRESS", status, status, note));
        }
    }

    /** Difficult demands: the measures and the deadline told to the resident; the deadline then binds. */
    void plan(String measures, Instant deadline, Instant now) {
        require(EnumSet.of(DemandStatus.ACCEPTED, DemandStatus.DISPATCHED, DemandStatus.IN_PROGRESS, DemandStatus.REOPENED), "plan");
        requireText(measures, "measures-required", "say what will be done", "measures");
        if (deadline == null || !deadline.isAfter(now)) {
            throw ProblemException.badRequest("invalid-deadline", "the deadline must lie in the future", Map.of("field", "deadline"));
        }
        this.measures = measures.strip();
        this.deadlineBinding = true;
        steps.add(new Step("PLANNED", status, status, measures.strip()));
    }

    void hold(String reason, Instant now) {
        require(EnumSet.of(DemandStatus.ACCEPTED, DemandStatus.DISPATCHED, DemandStatus.IN_PROGRESS, DemandStatus.REOPENED), "hold");
        requireText(reason, "reason-required", "a hold needs a reason", "reason");
        heldFromStatus = status;
        holdReason = reason.strip();
        holdStartedAt = now;
        move(DemandStatus.ON_HOLD, "HELD", reason);
    }

    void resume(String note) {
        require(EnumSet.of(DemandStatus.ON_HOLD), "resume");
        DemandStatus back = heldFromStatus;
        heldFromStatus = null;
        holdReason = null;
        holdStartedAt = null;
        move(back, "RESUMED", note);
    }

    void resolve(String note, Instant now) {
        require(EnumSet.of(DemandStatus.IN_PROGRESS, DemandStatus.DISPATCHED), "resolve");
        resolvedAt = now;
        move(DemandStatus.RESOLVED, "RESOLVED", note);
    }

    /** 自办自结: the worker handled it on the spot. */
    void resolveOnSpot(Grade grade, String note, Instant now) {
        require(EnumSet.of(DemandStatus.SUBMITTED, DemandStatus.ACCEPTED), "handle on the spot");
        if (this.grade == null) {
            this.grade = grade;
        }
        handledOnSpot = true;
        resolvedAt = now;
        move(DemandStatus.RESOLVED, "RESOLVED_ON_SPOT", note);
    }

    void close(boolean byResident, String note, Instant now) {
        require(EnumSet.of(DemandStatus.RESOLVED), "close");
        closedAt = now;
        move(DemandStatus.CLOSED, byResident ? "CONFIRMED" : "VERIFIED", note);
    }

    void reopen(String comment) {
        require(EnumSet.of(DemandStatus.RESOLVED, DemandStatus.CLOSED), "reopen");
        requireText(comment, "comment-required", "say what is still wrong", "comment");
        reopenCount++;
        resolvedAt = null;
        closedAt = null;
        handledOnSpot = false;
        move(DemandStatus.REOPENED, "REOPENED", comment);
    }

    void rate(int stars, String comment, Instant now) {
        require(EnumSet.of(DemandStatus.CLOSED), "rate");
        if (stars < 1 || stars > 5) {
            throw ProblemException.badRequest("invalid-rating", "a rating is 1 to 5", Map.of("field", "rating"));
        }
        rating = stars;
        ratingComment = comment == null || comment.isBlank() ? null : comment.strip();
        ratedAt = now;
        move(DemandStatus.RATED, "RATED", stars + (ratingComment == null ? "" : " " + ratingComment));
    }

    void supervise(String by, String note) {
        if (!status.isOpen() || status == DemandStatus.ON_HOLD) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition", "only open demands are supervised");
        }
        supervisedCount++;
        steps.add(new Step("SUPERVISED", status, status, note == null || note.isBlank() ? by : note.strip()));
    }

    void escalate(int level, long gridId, String gridName) {
        escalationLevel = level;
        escalatedGridId = gridId;
        steps.add(new Step("ESCALATED", status, status, gridName));
    }

    void note(String action, String note) {
        steps.add(new Step(action, status, status, note));
    }

    /**
     * The yellow and red deadlines of the running limits in the order they fall due: the response's while it
     * is unanswered, the resolution's while it is unresolved; none on hold or once closed.
     */
    List<Deadline> deadlines() {
        List<Deadline> all = new ArrayList<>();
        if (status == DemandStatus.ON_HOLD || !status.isOpen()) {
            return all;
        }
        if (respondedAt == null && respondDueAt != null) {
            add(all, DeadlineKind.RESPOND_YELLOW, respondYellowAt);
            add(all, DeadlineKind.RESPOND_RED, respondDueAt);
        }
        if (resolveDueAt != null && resolvedAt == null) {
            add(all, DeadlineKind.RESOLVE_YELLOW, resolveYellowAt);
            add(all, DeadlineKind.RESOLVE_RED, resolveDueAt);
        }
        all.sort(Deadline.ORDER);
        return all;
    }

    private static void add(List<Deadline> all, DeadlineKind kind, Instant at) {
        if (at != null) {
            all.add(new Deadline(kind, at));
        }
    }

    /** Schedules the running limits' deadlines from the first, and the escalation (null: none). */
    void scheduleDeadlines(Instant escalation) {
        List<Deadline> all = deadlines();
        nextDueKind = all.isEmpty() ? null : all.get(0).kind();
        nextDueAt = all.isEmpty() ? null : all.get(0).at();
        escalateAt = escalation;
    }

    /** No deadline runs (on hold, resolved, rejected). */
    void clearDeadlines() {
        nextDueKind = null;
        nextDueAt = null;
        escalateAt = null;
    }

    /** The scheduled deadline fired: the next one is the first of the running limits after it. */
    void deadlineFired() {
        Deadline fired = new Deadline(nextDueKind, nextDueAt);
        Deadline next = deadlines().stream().filter(x -> Deadline.ORDER.compare(x, fired) > 0).findFirst().orElse(null);
        nextDueKind = next == null ? null : next.kind();
        nextDueAt = next == null ? null : next.at();
    }

    /** The deadline that currently runs, if any: response first, then resolution. */
    Instant runningDue() {
        if (status == DemandStatus.ON_HOLD || !status.isOpen()) {
            return null;
        }
        return respondedAt == null ? respondDueAt : resolveDueAt;
    }
}
