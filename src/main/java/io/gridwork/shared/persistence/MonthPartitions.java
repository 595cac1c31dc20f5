package io.gridwork.shared.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, keeps the monthly partitions of the demands' timeline and the daily measures
 * (migration V168) and of the device events (V179) ahead of time: {@code gridwork_month_partitions(gridwork.database.partitions-ahead)} at start-up
 * and daily, which makes the partitions of this month and the next ones, and moves rows that fell into a default
 * partition into partitions of their own months. Idempotent, one instance at a time (an advisory lock); on H2 (plain
 * tables) it does nothing.
 */
@Component
public class MonthPartitions {

    private static final Logger log = LoggerFactory.getLogger(MonthPartitions.class);

    private final JdbcClient jdbc;
    private final DatabaseKind database;
    private final int monthsAhead;
    private volatile Boolean partitioned;

    MonthPartitions(JdbcClient jdbc, DatabaseKind database, @Value("${gridwork.database.partitions-ahead:3}") int monthsAhead) {
        this.jdbc = jdbc;
        this.database = database;
        this.monthsAhead = monthsAhead;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        runQuietly();
    }

    @Scheduled(cron = "${gridwork.database.partitions-cron:0 7 3 * * *}")
    void daily() {
        runQuietly();
    }

    private void runQuietly() {
        try {
            int made = ensure();
            if (made > 0) {
                log.info("Made {} monthly partitions", made);
            }
        } catch (RuntimeException e) {
            // the next run (tomorrow, or the next start) tries again; rows meanwhile go to the default partitions
            log.warn("Making the monthly partitions failed", e);
        }
    }

    /** Makes the missing partitions; how many it made (0 on a database without partitions). */
    public int ensure() {
        if (!partitioned()) {
            return 0;
        }
        return jdbc.sql("select gridwork_month_partitions(?)").param(monthsAhead).query(Integer.class).single();
    }

    private boolean partitioned() {
        Boolean p = partitioned;
        if (p == null) {
            p = database.postgres()
                    && jdbc.sql("select to_regproc('gridwork_month_partitions') is not null").query(Boolean.class).single();
            partitioned = p;
        }
        return p;
    }
}
