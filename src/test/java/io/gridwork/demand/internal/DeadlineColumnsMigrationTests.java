package io.gridwork.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V102 moves each demand's unfired deadlines and its idempotency key from their own tables into the demand
 * row: on a database of its own (H2, as the application's default), migrated to V101 first, then on.
 */
class DeadlineColumnsMigrationTests {

    @Test
    void unfiredDeadlinesAndKeysMoveIntoTheDemandRow() {
        var ds = new SingleConnectionDataSource(
                "jdbc:h2:mem:deadline_migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", true);
        String[] locations = {"classpath:db/migration", "classpath:db/vendor/h2"};
        // the last migration before V102, whichever number it has once other branches are merged
        String before = java.util.Arrays.stream(Flyway.configure().dataSource(ds).locations(locations).load().info().all())
                .map(m -> m.getVersion()).filter(v -> v.compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion("102")) < 0)
                .max(Comparable::compareTo).orElseThrow().getVersion();
        Flyway.configure().dataSource(ds).locations(locations).target(before).load().migrate();
        JdbcClient sql = JdbcClient.create(ds);
        sql.sql("insert into grid_node (id, level, code, name, path) values (9001, 'COMMUNITY', 'M-9001', '迁移社区', '/9001/')").update();
        long open = demand(sql, "GW-MIGRATE-1");
        long held = demand(sql, "GW-MIGRATE-2");
        // the open one: its response deadlines fired, the resolution's and an escalation wait
        deadline(sql, open, "RESPOND_YELLOW", "2026-11-01 09:00:00+00", true);
        deadline(sql, open, "RESPOND_RED", "2026-11-01 10:00:00+00", true);
        deadline(sql, open, "RESOLVE_YELLOW", "2026-11-01 20:00:00+00", false);
        deadline(sql, open, "RESOLVE_RED", "2026-11-02 06:00:00+00", false);
        deadline(sql, open, "ESCALATE", "2026-11-02 10:00:00+00", false);
        // the other one has only fired rows (it was held): nothing runs
        deadline(sql, held, "RESPOND_YELLOW", "2026-11-01 09:00:00+00", true);
        sql.sql("insert into demand_idempotency (client_key, idem_key, demand_id) values ('account:7', 'key-1', ?)").param(open).update();

        Flyway.configure().dataSource(ds).locations(locations).load().migrate();

        Map<String, Object> row = sql.sql("select next_due_kind, next_due_at, escalate_at, idempotency_key from demand where id = ?")
                .param(open).query().singleRow();
        assertThat(row.get("next_due_kind")).isEqualTo("RESOLVE_YELLOW");
        assertThat(instant(row.get("next_due_at"))).isEqualTo(java.time.Instant.parse("2026-11-01T20:00:00Z"));
        assertThat(instant(row.get("escalate_at"))).isEqualTo(java.time.Instant.parse("2026-11-02T10:00:00Z"));
        assertThat(row.get("idempotency_key")).isEqualTo("account:7:key-1");
        Map<String, Object> other = sql.sql("select next_due_kind, next_due_at, escalate_at, idempotency_key from demand where id = ?")
                .param(held).query().singleRow();
        assertThat(other.values()).containsOnlyNulls();
        assertThat(sql.sql("select count(*) from information_schema.tables where table_name in ('demand_deadline', 'demand_idempotency')")
                .query(Long.class).single()).isZero();
        ds.destroy();
    }

    private static java.time.Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) value).toInstant();
    }

    private static long demand(JdbcClient sql, String ref) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        sql.sql("""
                insert into demand (ref_no, community_id, grid_path, category_code, description, channel, status, submitted_at)
                values (?, 9001, '/9001/', 'WATER_LEAK', '迁移测试', 'APP', 'ACCEPTED', timestamp with time zone '2026-11-01 08:00:00+00')""")
                .param(ref).update(keys, "id");
        return keys.getKey().longValue();
    }

    private static void deadline(JdbcClient sql, long demand, String kind, String due, boolean fired) {
        sql.sql("insert into demand_deadline (demand_id, kind, due_at, fired_at) values (?, ?, cast(? as timestamp with time zone), "
                + (fired ? "current_timestamp" : "null") + ")").params(demand, kind, due).update();
    }
}
