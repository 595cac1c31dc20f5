package io.gridwork.shared.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;

import io.gridwork.support.GridworkTest;

@GridworkTest
class IncompletePublicationsResubmissionTests {

    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Duration MIN_AGE = Duration.ofMinutes(2);

    @Autowired
    JdbcClient jdbc;

    /** Records the filter of each resubmission round instead of resubmitting. */
    static class Recorder implements IncompleteEventPublications {
        final List<Predicate<EventPublication>> rounds = new ArrayList<>();

        @Override
        public void resubmitIncompletePublications(Predicate<EventPublication> filter) {
            rounds.add(filter);
        }

        @Override
        public void resubmitIncompletePublicationsOlderThan(Duration duration) {
            throw new AssertionError("the job must resubmit through its own filter (age, backoff, batch)");
        }

        @Override
        public void resubmitIncompletePublications(ResubmissionOptions options) {
            throw new AssertionError("the job must resubmit through its own filter (age, backoff, batch)");
        }
    }

    record Publication(Instant getPublicationDate, Instant getLastResubmissionDate, int getCompletionAttempts) implements EventPublication {
        @Override
        public UUID getIdentifier() {
            return UUID.randomUUID();
        }

        @Override
        public Object getEvent() {
            return "event";
        }

        @Override
        public Optional<Instant> getCompletionDate() {
            return Optional.empty();
        }

        @Override
        public Status getStatus() {
            return Status.FAILED;
        }
    }

    private final Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    private final Recorder recorder = new Recorder();

    private IncompletePublicationsResubmission instance(String name, Instant at, int batch) {
        return new IncompletePublicationsResubmission(jdbc, recorder, INTERVAL, MIN_AGE, Duration.ofMinutes(10), Duration.ofHours(1),
                batch, Clock.fixed(at, ZoneOffset.UTC), name);
    }

    @BeforeEach
    void freeTheLock() {
        jdbc.sql("update job_lock set locked_until = ?, locked_by = null where name = ?")
                .params(Timestamp.from(now.minus(Duration.ofDays(1))), IncompletePublicationsResubmission.LOCK).update();
    }

    @Test
    void oneOfTwoInstancesClaimsEachRoundAndTheOtherSkipsIt() {
        IncompletePublicationsResubmission a = instance("instance-a", now, 500);
        IncompletePublicationsResubmission b = instance("instance-b", now, 500);

        assertThat(a.resubmit()).isTrue();
        assertThat(b.resubmit()).isFalse();
        assertThat(a.resubmit()).isFalse();
        assertThat(recorder.rounds).hasSize(1);
        assertThat(jdbc.sql("select locked_by from job_lock where name = ?").param(IncompletePublicationsResubmission.LOCK)
                .query(String.class).single()).isEqualTo("instance-a");

        // an interval later the next round is free again, for whichever instance comes first
        IncompletePublicationsResubmission bLater = instance("instance-b", now.plus(INTERVAL), 500);
        IncompletePublicationsResubmission aLater = instance("instance-a", now.plus(INTERVAL), 500);
        assertThat(bLater.resubmit()).isTrue();
        assertThat(aLater.resubmit()).isFalse();
        assertThat(recorder.rounds).hasSize(2);
    }

    @Test
    void aRoundTakesPublicationsOlderThanTheMinimumAgeAndBacksOffRepeatedFailures() {
        assertThat(instance("instance-a", now, 500).resubmit()).isTrue();
        Predicate<EventPublication> due = recorder.rounds.getFirst();

        assertThat(due.test(new Publication(now.minusSeconds(10), null, 0))).as("younger than the minimum age").isFalse();
        assertThat(due.test(new Publication(now.minus(MIN_AGE).minusSeconds(1), null, 0))).as("failed once").isTrue();
        // resubmitted once a round ago: due again; resubmitted three times, the last a round ago: waits 4 rounds
        assertThat(due.test(new Publication(now.minus(Duration.ofHours(1)), now.minus(INTERVAL), 1))).isTrue();
        assertThat(due.test(new Publication(now.minus(Duration.ofHours(1)), now.minus(INTERVAL), 3))).isFalse();
        assertThat(due.test(new Publication(now.minus(Duration.ofHours(2)), now.minus(INTERVAL.multipliedBy(4)), 3))).isTrue();
        // never more than the maximum backoff
        assertThat(due.test(new Publication(now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)), 15))).isTrue();
    }

    @Test
    void aRoundTakesAtMostItsBatch() {
        assertThat(instance("instance-a", now, 2).resubmit()).isTrue();
        Predicate<EventPublication> due = recorder.rounds.getFirst();
        Publication old = new Publication(now.minus(Duration.ofHours(1)), null, 0);

        assertThat(List.of(due.test(old), due.test(old), due.test(old))).containsExactly(true, true, false);
    }

    @Test
    void aPublicationLeftResubmittedByALostRoundIsTakenAgainAfterTheTimeout() {
        UUID stuck = publication("RESUBMITTED", now.minus(Duration.ofMinutes(11)));
        UUID running = publication("RESUBMITTED", now.minus(Duration.ofMinutes(1)));
        try {
            assertThat(instance("instance-a", now, 500).resubmit()).isTrue();

            assertThat(status(stuck)).isEqualTo("FAILED");
            assertThat(status(running)).isEqualTo("RESUBMITTED");
        } finally {
            jdbc.sql("delete from event_publication where id in (?, ?)").params(stuck, running).update();
        }
    }

    @Test
    void aRoundThatIsNotClaimedChangesNothing() {
        assertThat(instance("instance-a", now, 500).resubmit()).isTrue();
        UUID stuck = publication("RESUBMITTED", now.minus(Duration.ofMinutes(11)));
        try {
            assertThat(instance("instance-b", now.plusSeconds(1), 500).resubmit()).isFalse();

            assertThat(status(stuck)).isEqualTo("RESUBMITTED");
            assertThat(recorder.rounds).hasSize(1);
        } finally {
            jdbc.sql("delete from event_publication where id = ?").param(stuck).update();
        }
    }

    private String status(UUID id) {
        return jdbc.sql("select status from event_publication where id = ?").param(id).query(String.class).single();
    }

    private UUID publication(String status, Instant lastResubmission) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, status,
                       completion_attempts, last_resubmission_date)
                values (?, 'test.Listener.on(test.Event)', 'test.Event', '{}', ?, ?, 1, ?)""")
                .params(id, Timestamp.from(now.minus(Duration.ofHours(1))), status, Timestamp.from(lastResubmission)).update();
        return id;
    }
}
