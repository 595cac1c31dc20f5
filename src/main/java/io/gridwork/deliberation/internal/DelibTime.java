package io.gridwork.deliberation.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** Deliberation's clock: Beijing time decides "today" (due dates, overdue); settable in tests. */
@Component
public class DelibTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private volatile Clock clock = Clock.system(ZONE);

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** For tests: the time the module sees ({@code null} goes back to the system clock). */
    public void set(Clock fixed) {
        this.clock = fixed == null ? Clock.system(ZONE) : fixed.withZone(ZONE);
    }

    static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    static long insert(JdbcClient.StatementSpec insert) {
        var keys = new GeneratedKeyHolder();
        insert.update(keys, "id");
        return keys.getKey().longValue();
    }
}
