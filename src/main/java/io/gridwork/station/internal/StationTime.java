package io.gridwork.station.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.springframework.stereotype.Component;

/** The station's clock: Beijing time, settable in tests. */
@Component
public class StationTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private volatile Clock clock = Clock.system(ZONE);

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public LocalDateTime localNow() {
        return LocalDateTime.now(clock);
    }

    /** For tests: the time the station module sees ({@code null} goes back to the system clock). */
    public void set(Clock fixed) {
        this.clock = fixed == null ? Clock.system(ZONE) : fixed.withZone(ZONE);
    }

    static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /** Runs an insert and answers the new row's id. */
    static long insert(org.springframework.jdbc.core.simple.JdbcClient.StatementSpec insert) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        insert.update(keys, "id");
        return keys.getKey().longValue();
    }
}
