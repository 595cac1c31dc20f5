package io.gridwork.shared.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Resubmits event publications whose listener did not complete (it failed, e.g. while the database was
 * unreachable, or its instance stopped), so that their effects (inbox messages, deliveries, list items) arrive
 * without waiting for a restart.
 * <p>
 * Every {@code gridwork.events.resubmit-interval} each instance tries to claim the round with a conditional update
 * of the lock row {@code job_lock('event-resubmission')} ({@code locked_until <= now}); the one whose update
 * changed the row holds it for an interval and resubmits, the others skip. Within the round Spring Modulith claims
 * each publication again ({@code status = 'RESUBMITTED'}), so a publication runs once per round. Only publications
 * older than {@code resubmit-min-age} are taken (younger ones are most likely still queued or running on some
 * instance), at most {@code resubmit-batch} a round, and a publication that failed again waits
 * interval × 2^(attempts - 1), at most {@code resubmit-max-backoff}. A publication left {@code RESUBMITTED} by a
 * round whose completion or failure could not be recorded (the database went away meanwhile, or the instance
 * stopped) is marked {@code FAILED} after {@code resubmitted-timeout} and taken again. Listeners write rows with
 * unique keys, so a resubmission that races a slow original changes nothing.
 */
@Component
class IncompletePublicationsResubmission {

    static final String LOCK = "event-resubmission";
    private static final Logger log = LoggerFactory.getLogger(IncompletePublicationsResubmission.class);

    private final JdbcClient jdbc;
    private final IncompleteEventPublications incomplete;
    private final Duration interval;
    private final Duration minAge;
    private final Duration resubmittedTimeout;
    private final Duration maxBackoff;
    private final int batch;
    private final String instance;
    private final Clock clock;

    @Autowired
    IncompletePublicationsResubmission(JdbcClient jdbc, IncompleteEventPublications incomplete,
            @Value("${gridwork.events.resubmit-interval:60s}") Duration interval,
            @Value("${gridwork.events.resubmit-min-age:2m}") Duration minAge,
            @Value("${gridwork.events.resubmitted-timeout:10m}") Duration resubmittedTimeout,
            @Value("${gridwork.events.resubmit-max-backoff:1h}") Duration maxBackoff,
            @Value("${gridwork.events.resubmit-batch:500}") int batch) {
        this(jdbc, incomplete, interval, minAge, resubmittedTimeout, maxBackoff, batch, Clock.systemUTC(),
                "instance-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    IncompletePublicationsResubmission(JdbcClient jdbc, IncompleteEventPublications incomplete, Duration interval,
            Duration minAge, Duration resubmittedTimeout, Duration maxBackoff, int batch, Clock clock, String instance) {
        this.jdbc = jdbc;
        this.incomplete = incomplete;
        this.interval = interval;
        this.minAge = minAge;
        this.resubmittedTimeout = resubmittedTimeout;
        this.maxBackoff = maxBackoff;
        this.batch = Math.max(1, batch);
        this.clock = clock;
        this.instance = instance;
    }

    @Scheduled(initialDelayString = "${gridwork.events.resubmit-interval:60s}", fixedDelayString = "${gridwork.events.resubmit-interval:60s}")
    void scheduled() {
        try {
            resubmit();
        } catch (DataAccessException e) {
            // the database is unreachable: the next round tries again
            log.warn("event resubmission skipped: {}", e.getMessage());
        }
    }

    /** One round; returns whether this instance claimed it (and resubmitted what was due). */
    boolean resubmit() {
        // milliseconds: the column keeps microseconds, a rounded nanosecond would shift the lock's end
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int claimed = jdbc.sql("update job_lock set locked_until = ?, locked_by = ? where name = ? and locked_until <= ?")
                .params(Timestamp.from(now.plus(interval)), instance, LOCK, Timestamp.from(now)).update();
        if (claimed == 0) {
            return false;
        }
        int reset = jdbc.sql("""
                update event_publication set status = 'FAILED'
                 where completion_date is null and status = 'RESUBMITTED' and last_resubmission_date < ?""")
                .param(Timestamp.from(now.minus(resubmittedTimeout))).update();
        if (reset > 0) {
            log.info("{} event publications left resubmitted for over {} are taken again", reset, resubmittedTimeout);
        }
        Instant publishedBefore = now.minus(minAge);
        AtomicInteger taken = new AtomicInteger();
        incomplete.resubmitIncompletePublications(p -> due(p, now, publishedBefore) && taken.incrementAndGet() <= batch);
        if (taken.get() > 0) {
            log.info("resubmitted {} incomplete event publications", Math.min(taken.get(), batch));
        }
        return true;
    }

    private boolean due(EventPublication p, Instant now, Instant publishedBefore) {
        if (!p.getPublicationDate().isBefore(publishedBefore)) {
            return false;
        }
        Instant last = p.getLastResubmissionDate();
        if (last == null) {
            return true;
        }
        int attempts = Math.max(1, Math.min(p.getCompletionAttempts(), 20));
        Duration wait = interval.multipliedBy(1L << (attempts - 1));
        if (wait.compareTo(maxBackoff) > 0) {
            wait = maxBackoff;
        }
        // rounds are an interval apart and the resubmission date is taken a moment after the round's start
        return !last.plus(wait).isAfter(now.plus(interval.dividedBy(2)));
    }
}
