package io.gridwork.demand.internal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Triage: accepting and grading (which sets the limits), rejecting, merging duplicates, dispatching and re-routing. */
@Service
@Transactional
class DemandTriage {

    private final DemandRepository demands;
    private final DemandPolicies policies;
    private final Deadlines deadlines;
    private final DemandAudiences audiences;
    private final DemandAccess access;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    DemandTriage(DemandRepository demands, DemandPolicies policies, Deadlines deadlines, DemandAudiences audiences,
            DemandAccess access, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.demands = demands;
        this.policies = policies;
        this.deadlines = deadlines;
        this.audiences = audiences;
        this.access = access;
        this.jdbc = jdbc;
        this.events = events;
    }

    public void accept(long id, Grade grade, String categoryCode, String note, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireGridStaff(d, user);
        if (grade == null) {
            throw ProblemException.badRequest("grade-required", "grade the demand: GENERAL, MEDIUM or DIFFICULT", Map.of("field", "grade"));
        }
        CategoryView category = policies.category(d.communityId, categoryCode == null ? d.categoryCode : categoryCode);
        d.accept(grade, category.code(), note);
        policies.apply(d, grade);
        if (grade != Grade.DIFFICULT) {
            d.respondedAt = DemandClock.now();
        }
        deadlines.schedule(d);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandAccepted(audiences.of(d), grade, d.respondDueAt, d.resolveDueAt));
    }

    public void reject(long id, String reason, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireGridStaff(d, user);
        d.reject(reason, null);
        d.respondedAt = d.respondedAt == null ? DemandClock.now() : d.respondedAt;
        deadlines.cancel(d);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandRejected(audiences.of(d), reason, null));
    }

    /** Merges a duplicate into another open demand: both stay linked and both reporters hear. */
    public void merge(long id, long intoId, String note, GridworkUser user) {
        if (id == intoId) {
            throw ProblemException.badRequest("same-demand", "a demand cannot be merged into itself");
        }
        Demand d = demands.require(id);
        Demand target = demands.require(intoId);
        DemandAccess.requireGridStaff(d, user);
        DemandAccess.requireGridStaff(target, user);
        if (!target.status.isOpen() || target.mergedIntoId != null) {
            throw ProblemException.conflict("target-closed", "merge into an open demand");
        }
        d.reject(note == null || note.isBlank() ? "duplicate of " + target.refNo : note, target.id);
        target.note("MERGED_FROM", d.refNo);
        deadlines.cancel(d);
        demands.save(d, user.accountId(), user.displayName());
        demands.save(target, user.accountId(), user.displayName());
        jdbc.sql("insert into demand_link (demand_id, linked_id, kind) values (?, ?, 'DUPLICATE')").params(d.id, target.id).update();
        events.publishEvent(new DemandEvents.DemandRejected(audiences.of(d), "duplicate", target.id));
        events.publishEvent(new DemandEvents.DemandDispatched(audiences.of(target), Set.of(), "merged " + d.refNo));
    }

    /** Dispatches to one or more parties, each with its own assignment. */
    public void dispatch(long id, Set<Party> parties, String note, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireGridStaff(d, user);
        Set<Party> chosen = parties == null || parties.isEmpty()
                ? Set.of(policies.category(d.communityId, d.categoryCode).defaultParty()) : parties;
        d.dispatch(note);
        demands.save(d, user.accountId(), user.displayName());
        access.addAssignments(d, chosen);
        events.publishEvent(new DemandEvents.DemandDispatched(audiences.of(d), chosen, note));
    }

    /** Adds parties and withdraws others, with a reason; history stays in the timeline. */
    public void reroute(long id, Set<Party> add, Set<Party> withdraw, String reason, GridworkUser user) {
        Demand d = demands.require(id);
        DemandAccess.requireGridStaff(d, user);
        Set<Party> adding = add == null ? Set.of() : add;
        Set<Party> removing = withdraw == null ? Set.of() : withdraw;
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason-required", "re-routing needs a reason", Map.of("field", "reason"));
        }
        if (adding.isEmpty() && removing.isEmpty()) {
            throw ProblemException.badRequest("nothing-to-change", "name parties to add or withdraw");
        }
        Set<Party> current = access.openParties(d.id);
        if (!current.containsAll(removing)) {
            throw ProblemException.badRequest("not-assigned", "only parties with an open assignment can be withdrawn");
        }
        Set<Party> remaining = EnumSet.noneOf(Party.class);
        remaining.addAll(current);
        remaining.removeAll(removing);
        remaining.addAll(adding);
        if (remaining.isEmpty()) {
            throw ProblemException.badRequest("no-party-left", "at least one party must stay responsible");
        }
        d.reroute(describe(adding, removing) + ": " + reason);
        demands.save(d, user.accountId(), user.displayName());
        for (Party p : removing) {
            jdbc.sql("update demand_assignment set status = 'WITHDRAWN', withdrawn_reason = ? where demand_id = ? and party = ? and status in ('OPEN','IN_PROGRESS')")
                    .params(reason, d.id, p.name()).update();
        }
        Set<Party> fresh = EnumSet.noneOf(Party.class);
        fresh.addAll(adding);
        fresh.removeAll(current);
        access.addAssignments(d, fresh);
        events.publishEvent(new DemandEvents.DemandDispatched(audiences.of(d), fresh, reason));
    }

    private static String describe(Set<Party> add, Set<Party> withdraw) {
        return "+" + add + " -" + withdraw;
    }
}
