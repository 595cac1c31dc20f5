package io.gridwork.demand.internal;

import java.time.Instant;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.DemandEvents;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/** Closing the loop: verifying or confirming, reopening, rating; and the supervision notices of open demands. */
@Service
@Transactional
class DemandClosing {

    private final DemandRepository demands;
    private final DemandPolicies policies;
    private final Deadlines deadlines;
    private final DemandAudiences audiences;
    private final DemandAccess access;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    DemandClosing(DemandRepository demands, DemandPolicies policies, Deadlines deadlines, DemandAudiences audiences,
            DemandAccess access, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.demands = demands;
        this.policies = policies;
        this.deadlines = deadlines;
        this.audiences = audiences;
        this.access = access;
        this.jdbc = jdbc;
        this.events = events;
    }

    /** A worker verifies the result and closes (the resident may still reopen). */
    public void verify(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireGridStaff(d, user);
        d.close(false, note, DemandClock.now());
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandClosed(audiences.of(d), false, d.closedAt));
    }

    public void confirm(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireReporter(d, user);
        d.close(true, note, DemandClock.now());
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandClosed(audiences.of(d), true, d.closedAt));
    }

    /** Not fixed: back to work, with the resident's comment; the resolve limit runs again from now. */
    public void reopen(long id, String comment, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireReporter(d, user);
        d.reopen(comment);
        if (d.grade != null) {
            DemandPolicies.Policy p = policies.policy(d.communityId, d.categoryCode, d.grade);
            Integer minutes = p.resolveMinutes() != null ? p.resolveMinutes() : 1440;
            Instant now = DemandClock.now();
            d.resolveDueAt = policies.clock().plus(now, minutes, d.clock);
            d.resolveYellowAt = policies.clock().plus(now, Math.round(minutes * 0.8), d.clock);
        }
        deadlines.schedule(d);
        demands.save(d, user.accountId(), user.displayName());
        jdbc.sql("update demand_assignment set status = 'OPEN', done_at = null where demand_id = ? and status = 'DONE'").param(d.id).update();
        events.publishEvent(new DemandEvents.DemandReopened(audiences.of(d), comment));
    }

    public void rate(long id, int stars, String comment, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireReporter(d, user);
        d.rate(stars, comment, DemandClock.now());
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandRated(audiences.of(d), stars));
    }

    // ---- supervision ---------------------------------------------------------------------------

    public void supervise(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        if (!(user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF) || user.isAdmin()) || !user.covers(d.gridPath)) {
            throw ProblemException.forbidden("supervision notices come from community or street staff of the demand's grid");
        }
        d.supervise(user.displayName(), note);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandSupervised(audiences.of(d), user.displayName(), note));
    }
}
