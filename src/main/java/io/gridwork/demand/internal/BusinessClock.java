package io.gridwork.demand.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Time limits in natural hours, or in working hours on China's calendar: weekdays from 09:00 to
 * 17:00 Asia/Shanghai, except public holidays, plus the weekend days made working days (调休).
 */
final class BusinessClock {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final LocalTime open;
    private final LocalTime close;
    private final Supplier<Map<LocalDate, String>> calendar;

    BusinessClock(LocalTime open, LocalTime close, Supplier<Map<LocalDate, String>> calendar) {
        this.open = open;
        this.close = close;
        this.calendar = calendar;
    }

    boolean isWorkingDay(LocalDate day) {
        String kind = calendar.get().get(day);
        if (kind != null) {
            return kind.equals("WORKDAY");
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** The instant {@code minutes} after {@code start} on the given clock. */
    Instant plus(Instant start, long minutes, String clock) {
        if (!"WORKING".equals(clock)) {
            return start.plus(Duration.ofMinutes(minutes));
        }
        ZonedDateTime t = start.atZone(ZONE);
        long remaining = minutes * 60;
        for (int guard = 0; guard < 3660; guard++) {
            LocalDate day = t.toLocalDate();
            ZonedDateTime dayOpen = day.atTime(open).atZone(ZONE);
            ZonedDateTime dayClose = day.atTime(close).atZone(ZONE);
            if (!isWorkingDay(day) || !t.isBefore(dayClose)) {
                t = day.plusDays(1).atTime(open).atZone(ZONE);
                continue;
            }
            if (t.isBefore(dayOpen)) {
                t = dayOpen;
            }
            long available = Duration.between(t, dayClose).toSeconds();
            if (remaining <= available) {
                return t.plusSeconds(remaining).toInstant();
            }
            remaining -= available;
            t = day.plusDays(1).atTime(open).atZone(ZONE);
        }
        throw new IllegalStateException("no working time within ten years of " + start);
    }

    /** Minutes between two instants on the given clock (0 when {@code to} is not after {@code from}). */
    long minutesBetween(Instant from, Instant to, String clock) {
        if (!to.isAfter(from)) {
            return 0;
        }
        if (!"WORKING".equals(clock)) {
            return Duration.between(from, to).toMinutes();
        }
        long seconds = 0;
        ZonedDateTime t = from.atZone(ZONE);
        ZonedDateTime end = to.atZone(ZONE);
        while (t.isBefore(end)) {
            LocalDate day = t.toLocalDate();
            if (isWorkingDay(day)) {
                ZonedDateTime a = max(t, day.atTime(open).atZone(ZONE));
                ZonedDateTime b = min(end, day.atTime(close).atZone(ZONE));
                if (b.isAfter(a)) {
                    seconds += Duration.between(a, b).toSeconds();
                }
            }
            t = day.plusDays(1).atStartOfDay(ZONE);
        }
        return seconds / 60;
    }

    private static ZonedDateTime max(ZonedDateTime a, ZonedDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static ZonedDateTime min(ZonedDateTime a, ZonedDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
