package io.gridwork.notify.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.stereotype.Component;

/** The module's time source (settable in tests) and the quiet-hours rule. */
@Component
public class NotifyTime {

    private volatile Clock clock = Clock.systemUTC();
    private final NotifyProperties props;

    NotifyTime(NotifyProperties props) {
        this.props = props;
    }

    public Instant now() {
        return clock.instant();
    }

    /** For tests: a fixed or offset clock; {@code null} restores the system clock. */
    public void use(Clock clock) {
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    /**
     * When a message may go out: at once when urgent or outside quiet hours, otherwise at the end of the quiet
     * hours (07:00 Asia/Shanghai by default).
     */
    public Instant release(Instant at, boolean urgent) {
        if (urgent) {
            return at;
        }
        ZoneId zone = ZoneId.of(props.getZone());
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        LocalTime start = props.getQuietStart();
        LocalTime end = props.getQuietEnd();
        boolean quiet = start.isAfter(end)
                ? !t.isBefore(start) || t.isBefore(end) // across midnight: 22:00–07:00
                : !t.isBefore(start) && t.isBefore(end);
        if (!quiet) {
            return at;
        }
        ZonedDateTime release = local.with(end).withSecond(0).withNano(0);
        if (!release.isAfter(local)) {
            release = release.plusDays(1);
        }
        return release.toInstant();
    }
}
