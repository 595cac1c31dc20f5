package io.gridwork.measures;

import java.time.Duration;
import java.time.Instant;

/**
 * How current the measures are: every change of a demand committed before {@code asOf} is counted;
 * {@code lagSeconds} is the time since then, when the figures were read.
 */
public record Freshness(Instant asOf, double lagSeconds) {

    public static Freshness of(Instant asOf, Instant now) {
        long millis = Math.max(0, Duration.between(asOf, now).toMillis());
        return new Freshness(asOf, millis / 1000.0);
    }
}
