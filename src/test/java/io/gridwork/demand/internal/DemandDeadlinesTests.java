package io.gridwork.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.gridwork.demand.Grade;

/** The deadlines the demand aggregate schedules from its running limits, and what follows one that fired. */
class DemandDeadlinesTests {

    private static final Instant T0 = Instant.parse("2026-11-02T01:00:00Z");

    private static Demand submitted() {
        Demand d = Demand.submitted(T0);
        d.respondYellowAt = T0.plus(Duration.ofMinutes(192));
        d.respondDueAt = T0.plus(Duration.ofHours(4));
        d.resolveYellowAt = T0.plus(Duration.ofMinutes(1152));
        d.resolveDueAt = T0.plus(Duration.ofHours(24));
        return d;
    }

    @Test
    void aNewDemandRunsThroughItsFourDeadlinesInOrder() {
        Demand d = submitted();
        Instant escalation = T0.plus(Duration.ofHours(28));
        d.scheduleDeadlines(escalation);
        assertThat(d.nextDueKind).isEqualTo(Demand.DeadlineKind.RESPOND_YELLOW);
        assertThat(d.nextDueAt).isEqualTo(d.respondYellowAt);
        assertThat(d.escalateAt).isEqualTo(escalation);
        d.deadlineFired();
        assertThat(d.nextDueKind).isEqualTo(Demand.DeadlineKind.RESPOND_RED);
        d.deadlineFired();
        assertThat(d.nextDueKind).isEqualTo(Demand.DeadlineKind.RESOLVE_YELLOW);
        d.deadlineFired();
        assertThat(d.nextDueKind).isEqualTo(Demand.DeadlineKind.RESOLVE_RED);
        assertThat(d.nextDueAt).isEqualTo(d.resolveDueAt);
        d.deadlineFired();
        assertThat(d.nextDueKind).isNull();
        assertThat(d.nextDueAt).isNull();
    }

    @Test
    void anAnsweredDemandHasOnlyItsResolutionDeadlinesAndYellowComesFirstAtTheSameTime() {
        Demand d = submitted();
        d.accept(Grade.MEDIUM, "WATER_LEAK", null);
        d.respondedAt = T0.plusSeconds(60);
        d.resolveYellowAt = d.resolveDueAt; // a limit so short that yellow and red coincide
        d.scheduleDeadlines(null);
        assertThat(d.nextDueKind).isEqualTo(Demand.DeadlineKind.RESOLVE_YELLOW);
        d.deadlineFired();
        assertThat(d.nextDueKind).isEqualTo(Demand.DeadlineKind.RESOLVE_RED);
        assertThat(d.nextDueAt).isEqualTo(d.resolveDueAt);
    }

    @Test
    void aHeldOrFinishedDemandHasNone() {
        Demand d = submitted();
        d.accept(Grade.MEDIUM, "WATER_LEAK", null);
        d.hold("等待业委会", T0.plusSeconds(120));
        assertThat(d.deadlines()).isEmpty();
        d.scheduleDeadlines(null);
        assertThat(d.nextDueKind).isNull();
        d.resume(null);
        assertThat(d.deadlines()).extracting(Demand.Deadline::kind)
                .containsExactly(Demand.DeadlineKind.RESPOND_YELLOW, Demand.DeadlineKind.RESPOND_RED,
                        Demand.DeadlineKind.RESOLVE_YELLOW, Demand.DeadlineKind.RESOLVE_RED);
    }
}
