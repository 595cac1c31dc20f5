package io.gridwork.economy.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Times of activities on pages ({@code ${@activityFormat.span(...)}}), in China's time zone. */
@Component("activityFormat")
public class ActivityFormat {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** "2026-12-05 09:00 – 11:00", or with the end's day when it ends on another day. */
    public String span(Instant start, Instant end) {
        var s = start.atZone(EconomyFormat.ZONE);
        var e = end.atZone(EconomyFormat.ZONE);
        return DAY_TIME.format(s) + " – " + (s.toLocalDate().equals(e.toLocalDate()) ? TIME : DAY_TIME).format(e);
    }

    /** "2026-12-05 09:30", or empty. */
    public String at(Instant at) {
        return at == null ? "" : DAY_TIME.format(at.atZone(EconomyFormat.ZONE));
    }

    /** "09:30", or empty. */
    public String clock(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(EconomyFormat.ZONE));
    }

    /** The value of a datetime-local input showing this moment (to the minute). */
    public String input(Instant at) {
        return INPUT.format(at.atZone(EconomyFormat.ZONE));
    }

    /** The value of a datetime-local input: now plus {@code days} at {@code hour}:00. */
    public String inputDays(int days, int hour) {
        return INPUT.format(java.time.LocalDate.now(EconomyFormat.ZONE).plusDays(days).atTime(hour, 0));
    }
}
