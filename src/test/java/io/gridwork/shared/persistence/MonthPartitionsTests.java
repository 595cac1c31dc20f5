package io.gridwork.shared.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestDatabaseProfiles;

/**
 * The monthly partitions of migration V168 on PostgreSQL (skipped on H2, whose tables are plain): every row of the
 * timeline and the daily measures in its month's partition, the coming months made ahead, a row
 * of a month without a partition caught by the default partition and moved into a new partition of its month, and
 * an old month detached (as an archive would be) without touching the others.
 */
@GridworkTest
class MonthPartitionsTests {

    private static final List<String> TABLES = List.of("demand_event_log", "demand_measure_daily", "demand_state_daily",
            "demand_measure_total");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy_MM");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MonthPartitions partitions;

    @BeforeEach
    void onPostgres() {
        org.junit.jupiter.api.Assumptions.assumeTrue("postgres".equals(TestDatabaseProfiles.database()),
                "partitions are PostgreSQL's (H2 keeps plain tables)");
    }

    @Test
    void everyRowIsInItsMonthsPartitionAndTheComingMonthsAreMadeAhead() {
        partitions.ensure();
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        for (String table : TABLES) {
            for (int ahead = 0; ahead <= 3; ahead++) {
                assertThat(partitionsOf(table)).as(table).contains(table + "_p" + month.plusMonths(ahead).format(MONTH));
            }
            assertThat(partitionsOf(table)).contains(table + "_default");
        }
        assertThat(jdbc.sql("""
                select count(*) from demand_event_log
                 where tableoid::regclass::text <> 'demand_event_log_p' || to_char(at at time zone 'UTC', 'YYYY_MM')""")
                .query(Long.class).single()).as("timeline steps outside their month's partition").isZero();
        assertThat(jdbc.sql("""
                select count(*) from demand_measure_daily
                 where tableoid::regclass::text <> 'demand_measure_daily_p' || to_char(stat_day, 'YYYY_MM')""")
                .query(Long.class).single()).as("rollup rows outside their month's partition").isZero();
        assertThat(jdbc.sql("""
                select count(*) from demand_state_daily
                 where tableoid::regclass::text <> 'demand_state_daily_p' || to_char(stat_day, 'YYYY_MM')""")
                .query(Long.class).single()).as("state rows outside their month's partition").isZero();
        assertThat(jdbc.sql("""
                select count(*) from demand_measure_total
                 where tableoid::regclass::text <> 'demand_measure_total_p' || to_char(stat_day, 'YYYY_MM')""")
                .query(Long.class).single()).as("daily totals outside their month's partition").isZero();

        // a coming month's partition that is missing (here: dropped while empty) is made again
        String coming = "demand_measure_daily_p" + month.plusMonths(3).format(MONTH);
        assertThat(jdbc.sql("select count(*) from " + coming).query(Long.class).single()).isZero();
        jdbc.sql("drop table " + coming).update();
        assertThat(partitions.ensure()).isPositive();
        assertThat(partitionsOf("demand_measure_daily")).contains(coming);
    }

    @Test
    void aRowOfAMonthWithoutPartitionWaitsInTheDefaultAndMovesToItsOwnMonthThenTheMonthIsDetached() {
        // a row of this month lands in this month's partition
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        jdbc.sql("insert into demand_measure_daily (stat_day, grid_id, category_code, party, found) values (?, -168, 'partition-test', '*', 1)")
                .param(java.sql.Date.valueOf(today)).update();
        assertThat(where(today.toString())).isEqualTo("demand_measure_daily_p" + today.format(MONTH));
        jdbc.sql("delete from demand_measure_daily where grid_id = -168").update();
        // a rollup row of March 2003 (a grid that does not exist: no page reads it)
        jdbc.sql("insert into demand_measure_daily (stat_day, grid_id, category_code, party, found) values (date '2003-03-14', -168, 'partition-test', '*', 2)")
                .update();
        assertThat(where("2003-03-14")).isEqualTo("demand_measure_daily_default");
        partitions.ensure();
        assertThat(where("2003-03-14")).isEqualTo("demand_measure_daily_p2003_03");
        assertThat(jdbc.sql("select found from demand_measure_daily where grid_id = -168").query(Integer.class).single()).isEqualTo(2);
        // archiving a month: detach it (the rows leave the table, kept in a table of their own), then dump and drop it
        jdbc.sql("alter table demand_measure_daily detach partition demand_measure_daily_p2003_03").update();
        assertThat(jdbc.sql("select count(*) from demand_measure_daily where grid_id = -168").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from demand_measure_daily_p2003_03").query(Long.class).single()).isEqualTo(1);
        jdbc.sql("drop table demand_measure_daily_p2003_03").update();
        assertThat(partitionsOf("demand_measure_daily")).doesNotContain("demand_measure_daily_p2003_03");
    }

    private String where(String day) {
        return jdbc.sql("select tableoid::regclass::text from demand_measure_daily where grid_id = -168 and stat_day = cast(? as date)")
                .param(day).query(String.class).single();
    }

    private List<String> partitionsOf(String table) {
        return jdbc.sql("select inhrelid::regclass::text from pg_inherits where inhparent = cast(? as regclass)").param(table)
                .query(String.class).list();
    }
}
