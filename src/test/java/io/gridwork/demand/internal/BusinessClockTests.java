package io.gridwork.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BusinessClockTests {

    private final BusinessClock clock = new BusinessClock(LocalTime.of(9, 0), LocalTime.of(17, 0), () -> Map.of(
            LocalDate.of(2026, 10, 1), "HOLIDAY", LocalDate.of(2026, 10, 2), "HOLIDAY", LocalDate.of(2026, 10, 5), "HOLIDAY",
            LocalDate.of(2026, 10, 6), "HOLIDAY", LocalDate.of(2026, 10, 7), "HOLIDAY", LocalDate.of(2026, 10, 10), "WORKDAY"));

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(BusinessClock.ZONE).toInstant();
    }

    @Test
    void naturalHoursAreWallClockMinutes() {
        assertThat(clock.plus(at("2026-11-20T16:00"), 240, "NATURAL")).isEqualTo(at("2026-11-20T20:00"));
    }

    @Test
    void workingHoursSkipNightsAndWeekends() {
        // Friday 16:00 + 4 working hours = 1 h on Friday, 3 h on Monday
        assertThat(clock.plus(at("2026-11-20T16:00"), 240, "WORKING")).isEqualTo(at("2026-11-23T12:00"));
        assertThat(clock.plus(at("2026-11-23T07:30"), 30, "WORKING")).isEqualTo(at("2026-11-23T09:30"));
    }

    @Test
    void workingHoursSkipHolidaysAndCountMakeUpWorkdays() {
        // 30 September 16:00 + 2 h: 1 h that day, then the National Day holiday; Thursday 8 October is a working day
        assertThat(clock.plus(at("2026-09-30T16:00"), 120, "WORKING")).isEqualTo(at("2026-10-08T10:00"));
        // Friday 9 October 16:00 + 2 h: Saturday 10 October is a make-up working day (调休)
        assertThat(clock.plus(at("2026-10-09T16:00"), 120, "WORKING")).isEqualTo(at("2026-10-10T10:00"));
    }

    @Test
    void countsWorkingMinutesBetweenInstants() {
        assertThat(clock.minutesBetween(at("2026-11-20T16:00"), at("2026-11-23T12:00"), "WORKING")).isEqualTo(240);
        assertThat(clock.minutesBetween(at("2026-11-21T10:00"), at("2026-11-22T10:00"), "WORKING")).isZero();
        assertThat(clock.minutesBetween(at("2026-11-22T10:00"), at("2026-11-21T10:00"), "NATURAL")).isZero();
    }
}
