package io.gridwork.deliberation;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.deliberation.internal.DelibTime;

/** The demo's 学府憬城, fresh meetings in it, and deliberation's clock. */
@Component
public class DeliberationFixtures {

    private final JdbcClient jdbc;
    private final DelibTime time;

    DeliberationFixtures(JdbcClient jdbc, DelibTime time) {
        this.jdbc = jdbc;
        this.time = time;
    }

    public long jingcheng() {
        return jdbc.sql("select id from grid_node where name = '学府憬城' and level = 'COMPOUND'").query(Long.class).single();
    }

    public String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Deliberation sees this Beijing time until {@link #resetClock()}. */
    public void at(LocalDateTime beijing) {
        time.set(Clock.fixed(beijing.atZone(DelibTime.ZONE).toInstant(), DelibTime.ZONE));
    }

    public void resetClock() {
        time.set(null);
    }
}
