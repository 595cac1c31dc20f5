package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.Grade;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;

/**
 * Yellow, red and escalation deadlines. Each is a row; every instance scans for due rows and claims
 * one with a conditional update ({@code fired_at is null}), so each deadline fires exactly once
 * however many instances run.
 */
@Component
class Deadlines {

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    private final JdbcClient jdbc;
    private final DemandRepository demands;
    private final DemandPolicies policies;
    private final GridApi grid;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final DemandService service;
    private final String instance = java.util.UUID.randomUUID().toString().substring(0, 8);
    @org.springframework.beans.factory.annotation.Value("${gridwork.demand.rating-reminder-after-hours:24}")
    private int reminderAfterHours;

    Deadlines(JdbcClient jdbc, DemandRepository demands, DemandPolicies policies, GridApi grid,
            ApplicationEventPublisher events, TransactionTemplate tx, @Lazy DemandService service) {
        this.jdbc = jdbc;
        this.demands = demands;
        this.policies = policies;
        this.grid = grid;
        this.events = events;
        this.tx = tx;
        this.service = service;
    }

    /** Replaces the unfired deadlines of a demand by those of its running limit. */
    void reschedule(Demand d) {
        cancel(d.id);
        if (d.status == io.gridwork.demand.DemandStatus.ON_HOLD || !d.status.isOpen()) {
            return;
        }
        if (d.respondedAt == null && d.respondDueAt != null) {
            insert(d.id, "RESPOND_YELLOW", d.respondYellowAt);
            insert(d.id, "RESPOND_RED", d.respondDueAt);
        }
        if (d.resolveDueAt != null && d.resolvedAt == null) {
            insert(d.id, "RESOLVE_YELLOW", d.resolveYellowAt);
            insert(d.id, "RESOLVE_RED", d.resolveDueAt);
        }
        Instant due = d.runningDue();
        if (due != null && d.escalationLevel < 3) {
            insert(d.id, "ESCALATE", policies.clock().plus(due, escalateAfter(d) * (long) (d.escalationLevel + 1), d.clock));
        }
    }

    void cancel(long demandId) {
        jdbc.sql("delete from demand_deadline where demand_id = ? and fired_at is null").param(demandId).update();
    }

    private void insert(long demandId, String kind, Instant due) {
        if (due != null) {
            jdbc.sql("insert into demand_deadline (demand_id, kind, due_at) values (?, ?, ?)")
                    .params(demandId, kind, Timestamp.from(due)).update();
        }
    }

    private int escalateAfter(Demand d) {
        Grade grade = d.grade != null ? d.grade : Grade.MEDIUM;
        return policies.policy(d.communityId, d.categoryCode, grade).escalateAfterMinutes();
    }

    private record Due(long id, long demandId, String kind, Instant dueAt) {
    }

    /** Fires what is due; returns how many this instance fired. */
    @Scheduled(fixedDelayString = "${gridwork.demand.deadline-scan-ms:30000}", initialDelayString = "${gridwork.demand.deadline-scan-ms:30000}")
    int fireDue() {
        List<Due> due = jdbc.sql("select id, demand_id, kind, due_at from demand_deadline where fired_at is null and due_at <= ? order by due_at limit 500")
                .param(Timestamp.from(Instant.now()))
                .query((rs, i) -> new Due(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
        int fired = 0;
        for (Due d : due) {
            Boolean ok = tx.execute(s -> fire(d));
            if (Boolean.TRUE.equals(ok)) {
                fired++;
            }
        }
        return fired;
    }

    private boolean fire(Due due) {
        int claimed = jdbc.sql("update demand_deadline set fired_at = ?, fired_by = ? where id = ? and fired_at is null")
                .params(Timestamp.from(Instant.now()), instance, due.id()).update();
        if (claimed == 0) {
            return false;
        }
        Demand d = demands.require(due.demandId());
        DemandEvents.Audience audience = service.audience(d);
        switch (due.kind()) {
            case "ESCALATE" -> escalate(d, audience);
            default -> {
                String phase = due.kind().startsWith("RESPOND") ? "RESPOND" : "RESOLVE";
                String colour = due.kind().endsWith("RED") ? "RED" : "YELLOW";
                d.note(colour.equals("RED") ? "OVERDUE" : "DUE_SOON", phase);
                demands.save(d, null, "system");
                events.publishEvent(new DemandEvents.DeadlineReached(audience, phase, colour, due.dueAt()));
            }
        }
        log.debug("fired {} of demand {}", due.kind(), d.refNo);
        return true;
    }

    /** Closed demands left unrated for a day get one reminder; claimed like deadlines, so sent once. */
    @Scheduled(fixedDelayString = "${gridwork.demand.reminder-scan-ms:300000}", initialDelayString = "${gridwork.demand.reminder-scan-ms:300000}")
    int remindUnrated() {
        Instant cutoff = Instant.now().minus(java.time.Duration.ofHours(reminderAfterHours));
        List<Long> ids = jdbc.sql("select id from demand where status = 'CLOSED' and rating is null and reminder_sent_at is null and closed_at <= ? and reporter_account_id is not null")
                .param(Timestamp.from(cutoff)).query(Long.class).list();
        int sent = 0;
        for (long id : ids) {
            Boolean ok = tx.execute(s -> {
                int claimed = jdbc.sql("update demand set reminder_sent_at = ?, version = version + 1 where id = ? and reminder_sent_at is null")
                        .params(Timestamp.from(Instant.now()), id).update();
                if (claimed == 0) {
                    return false;
                }
                Demand d = demands.require(id);
                d.note("RATING_REMINDER", null);
                demands.save(d, null, "system");
                events.publishEvent(new DemandEvents.RatingReminder(service.audience(d)));
                return true;
            });
            if (Boolean.TRUE.equals(ok)) {
                sent++;
            }
        }
        return sent;
    }

    /** Raises a red demand to the next grid level above the one it sits at (micro → compound → community → street). */
    private void escalate(Demand d, DemandEvents.Audience audience) {
        Instant due = d.runningDue();
        if (due == null || due.isAfter(Instant.now()) || d.escalationLevel >= 3) {
            return;
        }
        long from = d.escalatedGridId != null ? d.escalatedGridId : (d.microGridId != null ? d.microGridId : d.compoundId);
        GridNode current = grid.node(from).orElseThrow();
        if (current.parentId() == null || current.level() == GridLevel.STREET) {
            return;
        }
        GridNode next = grid.node(current.parentId()).orElseThrow();
        d.escalate(d.escalationLevel + 1, next.id(), next.name());
        demands.save(d, null, "system");
        events.publishEvent(new DemandEvents.DemandEscalated(audience, d.escalationLevel, next.id()));
        if (d.escalationLevel < 3 && next.level() != GridLevel.STREET) {
            insert(d.id, "ESCALATE", policies.clock().plus(Instant.now(), escalateAfter(d), d.clock));
        }
    }
}
