package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.Grade;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.web.ProblemException;

/**
 * Yellow, red and escalation deadlines. The demand row carries its next deadline ({@code next_due_kind},
 * {@code next_due_at}) and its escalation time ({@code escalate_at}); scheduling is in memory and written
 * with the demand by the command's own save. Every instance scans the due ones through partial indexes and
 * fires each in a transaction that saves the demand under its version: of instances that scanned the same
 * deadline, only the one whose save wins acts (the others find the version moved and do nothing), so each
 * deadline fires exactly once however many instances run.
 */
@Component
class Deadlines {

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    private final JdbcClient jdbc;
    private final DemandRepository demands;
    private final DemandPolicies policies;
    private final DemandAudiences audiences;
    private final GridApi grid;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    @Value("${gridwork.demand.rating-reminder-after-hours:24}")
    private int reminderAfterHours;

    Deadlines(JdbcClient jdbc, DemandRepository demands, DemandPolicies policies, DemandAudiences audiences, GridApi grid,
            ApplicationEventPublisher events, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.demands = demands;
        this.policies = policies;
        this.audiences = audiences;
        this.grid = grid;
        this.events = events;
        this.tx = tx;
    }

    /**
     * Schedules the deadlines of the demand's running limits from the first (and its escalation), in memory:
     * the next save writes them. Where a limit changes (accepted, planned, resumed, reopened, submitted).
     */
    void schedule(Demand d) {
        Instant due = d.runningDue();
        Instant escalation = due != null && d.escalationLevel < 3
                ? policies.clock().plus(due, escalateAfter(d) * (long) (d.escalationLevel + 1), d.clock) : null;
        d.scheduleDeadlines(escalation);
    }

    /** No deadline runs any more (held, resolved, rejected); written by the next save. */
    void cancel(Demand d) {
        d.clearDeadlines();
    }

    private int escalateAfter(Demand d) {
        Grade grade = d.grade != null ? d.grade : Grade.MEDIUM;
        return policies.policy(d.communityId, d.categoryCode, grade).escalateAfterMinutes();
    }

    private record Due(long demandId, Instant at) {
    }

    /** Fires what is due (deadlines, then escalations); returns how many demands this instance acted on. */
    @Scheduled(fixedDelayString = "${gridwork.demand.deadline-scan-ms:30000}", initialDelayString = "${gridwork.demand.deadline-scan-ms:30000}")
    int fireDue() {
        Timestamp now = Timestamp.from(Instant.now());
        List<Due> deadlines = jdbc.sql("select id, next_due_at from demand where next_due_at <= ? order by next_due_at limit 500")
                .param(now).query((rs, i) -> new Due(rs.getLong(1), DemandRepository.inst(rs, "next_due_at"))).list();
        int fired = 0;
        for (Due due : deadlines) {
            fired += claimed(() -> fireDeadlines(due));
        }
        List<Due> escalations = jdbc.sql("select id, escalate_at from demand where escalate_at <= ? order by escalate_at limit 500")
                .param(now).query((rs, i) -> new Due(rs.getLong(1), DemandRepository.inst(rs, "escalate_at"))).list();
        for (Due due : escalations) {
            fired += claimed(() -> escalate(due));
        }
        return fired;
    }

    /** Runs one claim in a transaction of its own: 1 when it acted, 0 when another instance (or a command) was first. */
    private int claimed(java.util.function.BooleanSupplier claim) {
        try {
            return Boolean.TRUE.equals(tx.execute(s -> claim.getAsBoolean())) ? 1 : 0;
        } catch (ProblemException e) {
            if ("concurrent-change".equals(e.code())) {
                return 0; // the demand's version moved under us: someone else fired it, or a command changed it
            }
            throw e;
        }
    }

    /** Fires every deadline of the demand that is due, from the scheduled one on, in order. */
    private boolean fireDeadlines(Due due) {
        Demand d = demands.require(due.demandId());
        if (d.nextDueAt == null || !d.nextDueAt.equals(due.at())) {
            return false; // fired or rescheduled since the scan
        }
        Instant now = Instant.now();
        List<DemandEvents.DeadlineReached> reached = new java.util.ArrayList<>();
        while (d.nextDueAt != null && !d.nextDueAt.isAfter(now)) {
            String phase = d.nextDueKind.name().startsWith("RESPOND") ? "RESPOND" : "RESOLVE";
            String colour = d.nextDueKind.name().endsWith("RED") ? "RED" : "YELLOW";
            d.note(colour.equals("RED") ? "OVERDUE" : "DUE_SOON", phase);
            reached.add(new DemandEvents.DeadlineReached(null, phase, colour, d.nextDueAt));
            log.debug("fired {} of demand {}", d.nextDueKind, d.refNo);
            d.deadlineFired();
        }
        demands.save(d, null, "system");
        DemandEvents.Audience audience = audiences.of(d);
        reached.forEach(r -> events.publishEvent(new DemandEvents.DeadlineReached(audience, r.phase(), r.colour(), r.dueAt())));
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
                events.publishEvent(new DemandEvents.RatingReminder(audiences.of(d)));
                return true;
            });
            if (Boolean.TRUE.equals(ok)) {
                sent++;
            }
        }
        return sent;
    }

    /**
     * Raises a red demand to the next grid level above the one it sits at (micro → compound → community →
     * street) and schedules the next escalation; an escalation that finds the demand no longer red, or at the
     * top, only clears itself.
     */
    private boolean escalate(Due due) {
        Demand d = demands.require(due.demandId());
        if (d.escalateAt == null || !d.escalateAt.equals(due.at())) {
            return false;
        }
        d.escalateAt = null;
        Instant running = d.runningDue();
        Instant now = Instant.now();
        GridNode next = null;
        if (running != null && !running.isAfter(now) && d.escalationLevel < 3) {
            long from = d.escalatedGridId != null ? d.escalatedGridId : (d.microGridId != null ? d.microGridId : d.compoundId);
            GridNode current = grid.node(from).orElseThrow();
            if (current.parentId() != null && current.level() != GridLevel.STREET) {
                next = grid.node(current.parentId()).orElseThrow();
                d.escalate(d.escalationLevel + 1, next.id(), next.name());
                if (d.escalationLevel < 3 && next.level() != GridLevel.STREET) {
                    d.escalateAt = policies.clock().plus(now, escalateAfter(d), d.clock);
                }
            }
        }
        demands.save(d, null, "system");
        if (next != null) {
            events.publishEvent(new DemandEvents.DemandEscalated(audiences.of(d), d.escalationLevel, next.id()));
        }
        return true;
    }
}
