package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.Party;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Handling: the parties' assignments, the plan of a difficult demand, resolving on the spot, holding and resuming the clock. */
@Service
@Transactional
class DemandHandling {

    private final DemandRepository demands;
    private final DemandPolicies policies;
    private final Deadlines deadlines;
    private final DemandAudiences audiences;
    private final DemandAccess access;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    DemandHandling(DemandRepository demands, DemandPolicies policies, Deadlines deadlines, DemandAudiences audiences,
            DemandAccess access, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.demands = demands;
        this.policies = policies;
        this.deadlines = deadlines;
        this.audiences = audiences;
        this.access = access;
        this.jdbc = jdbc;
        this.events = events;
    }

    public void startAssignment(long id, long assignmentId, String note, GridworkUser user) {
        Demand d = demands.require(id);
        Party party = access.assignmentParty(d.id, assignmentId);
        DemandAccess.requireParty(d, party, user);
        int n = jdbc.sql("update demand_assignment set status = 'IN_PROGRESS', started_at = coalesce(started_at, ?), note = coalesce(?, note) where id = ? and status in ('OPEN','IN_PROGRESS')")
                .params(Timestamp.from(DemandClock.now()), note, assignmentId).update();
        if (n == 0) {
            throw ProblemException.conflict("assignment-closed", "this assignment is already done or withdrawn");
        }
        d.start("[" + party + "] " + (note == null ? "" : note));
        demands.save(d, user.accountId(), user.displayName());
    }

    /** The handler's measures and deadline for a difficult demand; told to the resident, then binding. */
    public void plan(long id, String measures, Instant deadline, GridworkUser user) {
        Demand d = demands.require(id);
        access.requireHandler(d, user);
        d.plan(measures, deadline, DemandClock.now());
        d.resolveDueAt = deadline;
        long window = java.time.Duration.between(d.submittedAt, deadline).toMinutes();
        d.resolveYellowAt = d.submittedAt.plusSeconds(Math.round(window * 0.8) * 60);
        if (d.respondedAt == null) {
            d.respondedAt = DemandClock.now();
        }
        deadlines.schedule(d);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandPlanned(audiences.of(d), d.measures, deadline));
    }

    public void completeAssignment(long id, long assignmentId, String note, GridworkUser user) {
        Demand d = demands.require(id);
        Party party = access.assignmentParty(d.id, assignmentId);
        DemandAccess.requireParty(d, party, user);
        int n = jdbc.sql("update demand_assignment set status = 'DONE', done_at = ?, measures = coalesce(?, measures) where id = ? and status in ('OPEN','IN_PROGRESS')")
                .params(Timestamp.from(DemandClock.now()), note, assignmentId).update();
        if (n == 0) {
            throw ProblemException.conflict("assignment-closed", "this assignment is already done or withdrawn");
        }
        if (access.openParties(d.id).isEmpty()) {
            d.resolve("[" + party + "] " + (note == null ? "" : note), DemandClock.now());
            deadlines.cancel(d);
            demands.save(d, user.accountId(), user.displayName());
            events.publishEvent(new DemandEvents.DemandResolved(audiences.of(d), false, d.resolvedAt));
        } else {
            d.note("PARTY_DONE", "[" + party + "] " + (note == null ? "" : note));
            demands.save(d, user.accountId(), user.displayName());
        }
    }

    /** 自办自结: the worker solved it on the spot. */
    public void resolveOnSpot(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireGridStaff(d, user);
        d.resolveOnSpot(policies.category(d.communityId, d.categoryCode).defaultGrade(), note, DemandClock.now());
        if (d.respondedAt == null) {
            d.respondedAt = d.resolvedAt;
        }
        deadlines.cancel(d);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandResolved(audiences.of(d), true, d.resolvedAt));
    }

    public void hold(long id, String reason, GridworkUser user) {
        Demand d = demands.require(id);
        access.requireHandler(d, user);
        d.hold(reason, DemandClock.now());
        deadlines.cancel(d);
        demands.save(d, user.accountId(), user.displayName());
    }

    /** Resumes the clock: the running limits move by the time spent on hold. */
    public void resume(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        access.requireHandler(d, user);
        Instant started = d.holdStartedAt;
        d.resume(note);
        BusinessClock clock = policies.clock();
        long held = clock.minutesBetween(started, DemandClock.now(), d.clock);
        d.respondYellowAt = shift(clock, d.respondYellowAt, held, d);
        d.respondDueAt = shift(clock, d.respondDueAt, held, d);
        d.resolveYellowAt = shift(clock, d.resolveYellowAt, held, d);
        d.resolveDueAt = shift(clock, d.resolveDueAt, held, d);
        deadlines.schedule(d);
        demands.save(d, user.accountId(), user.displayName());
    }

    private static Instant shift(BusinessClock clock, Instant at, long minutes, Demand d) {
        return at == null ? null : clock.plus(at, minutes, d.clock);
    }
}
