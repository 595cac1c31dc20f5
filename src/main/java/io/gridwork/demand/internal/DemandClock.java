package io.gridwork.demand.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The time the demand loop's commands take: the wall clock at the database's precision, or inside {@link #replayAt}
 * a time in the past (the demo's history replays the loop as it happened).
 */
final class DemandClock {

    /** How far back the current thread replays the demand loop (the demo's history); null: it is now. */
    private static final ThreadLocal<java.time.Duration> REPLAYING = new ThreadLocal<>();

    private DemandClock() {
    }

    /**
     * The time as the database keeps it (microseconds), so that what is answered equals what is read back; on a
     * thread inside {@link #replayAt} the time of the replay. The deadline scans keep the wall clock.
     */
    static Instant now() {
        java.time.Duration back = REPLAYING.get();
        Instant now = Instant.now();
        return (back == null ? now : now.minus(back)).truncatedTo(ChronoUnit.MICROS);
    }

    /** Runs {@code work} as if it happened at {@code at} (in the past): every time the commands inside take is shifted. */
    static void replayAt(Instant at, Runnable work) {
        java.time.Duration before = REPLAYING.get();
        REPLAYING.set(java.time.Duration.between(at, Instant.now()));
        try {
            work.run();
        } finally {
            if (before == null) {
                REPLAYING.remove();
            } else {
                REPLAYING.set(before);
            }
        }
    }
}
