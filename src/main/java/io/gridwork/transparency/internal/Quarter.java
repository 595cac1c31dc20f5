package io.gridwork.transparency.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import io.gridwork.shared.web.ProblemException;

/** A calendar quarter, in Beijing time. */
public record Quarter(int year, int quarter) {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public static Quarter of(int year, int quarter) {
        if (quarter < 1 || quarter > 4) {
            throw ProblemException.badRequest("invalid-quarter", "a quarter is 1 to 4", Map.of("field", "quarter"));
        }
        if (year < 2000 || year > 2100) {
            throw ProblemException.badRequest("invalid-year", "the year is out of range", Map.of("field", "year"));
        }
        return new Quarter(year, quarter);
    }

    public LocalDate first() {
        return LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
    }

    public LocalDate last() {
        return first().plusMonths(3).minusDays(1);
    }

    public Instant start() {
        return first().atStartOfDay(ZONE).toInstant();
    }

    public Instant end() {
        return first().plusMonths(3).atStartOfDay(ZONE).toInstant();
    }

    @Override
    public String toString() {
        return year + " Q" + quarter;
    }
}
