package io.gridwork.open311.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The hand-written W3C date-time is the formatter's, in Beijing time, whatever the instant. */
class Open311DateTimeTests {

    @Test
    void theHandWrittenDateTimeIsTheFormattersAtAnyInstant() {
        SplittableRandom random = new SplittableRandom(19);
        long from = Instant.parse("1850-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            assertThat(Open311Service.w3c(t)).as(t.toString()).isEqualTo(Open311Service.W3C.format(t.atZone(Open311Service.ZONE)));
        }
        assertThat(Open311Service.w3c(Instant.parse("2026-12-04T16:05:09.999Z"))).isEqualTo("2026-12-05T00:05:09+08:00");
        // Shanghai kept summer time until 1991
        assertThat(Open311Service.w3c(Instant.parse("1988-07-01T00:00:00Z"))).isEqualTo("1988-07-01T09:00:00+09:00");
    }
}
