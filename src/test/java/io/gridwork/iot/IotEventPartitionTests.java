package io.gridwork.iot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.iot.internal.DeviceEvent;
import io.gridwork.iot.internal.DeviceRegistry;
import io.gridwork.iot.internal.EventIngest;
import io.gridwork.shared.persistence.MonthPartitions;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestDatabaseProfiles;

/**
 * Device events partitioned by month on PostgreSQL (V179) with the duplicate check in {@code iot_event_key} (V178):
 * a message redelivered in the month after its first delivery is stored once (H2 and PostgreSQL); on PostgreSQL the
 * coming months' partitions exist, each event sits in its month's partition, and an old month detaches, then its keys
 * are pruned (never while the month is kept).
 */
@GridworkTest
class IotEventPartitionTests {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy_MM");

    @Autowired
    IotFixtures fx;
    @Autowired
    EventIngest ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MonthPartitions partitions;

    private static boolean postgres() {
        return "postgres".equals(TestDatabaseProfiles.database());
    }

    private EventIngest.Result send(DeviceRegistry.Created d, String messageId) {
        return ingest.ingest(List.of(new DeviceEvent(d.device(), messageId, "FORCED_OPEN", Instant.now(), null, null, null, "HTTP")))
                .get(0);
    }

    /** Moves a stored message's receipt (its event and its key) to another time, as if it had arrived then. */
    private void receivedAt(DeviceRegistry.Created d, String messageId, Instant at) {
        for (String table : List.of("iot_event", "iot_event_key")) {
            assertThat(jdbc.sql("update " + table + " set received_at = ? where device_id = ? and message_id = ?")
                    .params(Timestamp.from(at), d.device().id(), messageId).update()).as(table).isEqualTo(1);
        }
    }

    private long stored(DeviceRegistry.Created d, String messageId) {
        return fx.count("select count(*) from iot_event where device_id = ? and message_id = ?", d.device().id(), messageId);
    }

    private long keys(DeviceRegistry.Created d, String messageId) {
        return fx.count("select count(*) from iot_event_key where device_id = ? and message_id = ?", d.device().id(), messageId);
    }

    private String partitionOf(DeviceRegistry.Created d, String messageId) {
        return jdbc.sql("select tableoid::regclass::text from iot_event where device_id = ? and message_id = ?")
                .params(d.device().id(), messageId).query(String.class).single();
    }

    @Test
    void aMessageRedeliveredInTheMonthAfterItsFirstDeliveryIsStoredOnce() {
        var gate = fx.register("GATE");
        assertThat(send(gate, "m-1").duplicate()).isFalse();
        // first delivered 35 days ago (last month, another partition on PostgreSQL), redelivered now
        Instant lastMonth = Instant.now().minus(35, ChronoUnit.DAYS);
        receivedAt(gate, "m-1", lastMonth);
        partitions.ensure();
        if (postgres()) {
            assertThat(partitionOf(gate, "m-1"))
                    .isEqualTo("iot_event_p" + LocalDate.ofInstant(lastMonth, ZoneOffset.UTC).format(MONTH));
        }
        EventIngest.Result again = send(gate, "m-1");
        assertThat(again.duplicate()).isTrue();
        assertThat(stored(gate, "m-1")).isEqualTo(1);
        assertThat(keys(gate, "m-1")).isEqualTo(1);
        // the same message twice in one batch, and a new one: each stored once
        List<EventIngest.Result> batch = ingest.ingest(List.of(
                new DeviceEvent(gate.device(), "m-2", "FORCED_OPEN", Instant.now(), null, null, null, "MQTT"),
                new DeviceEvent(gate.device(), "m-2", "FORCED_OPEN", Instant.now(), null, null, null, "MQTT"),
                new DeviceEvent(gate.device(), "m-1", "FORCED_OPEN", Instant.now(), null, null, null, "MQTT")));
        assertThat(batch).extracting(EventIngest.Result::duplicate).containsExactly(false, true, true);
        assertThat(stored(gate, "m-2")).isEqualTo(1);
        assertThat(fx.count("select count(*) from iot_event where device_id = ?", gate.device().id())).isEqualTo(2);
        // the incident counts each distinct message once
        assertThat(fx.count("select coalesce(sum(event_count), 0) from iot_incident where device_id = ?", gate.device().id()))
                .isEqualTo(2);
        if (postgres()) {
            assertThat(partitionOf(gate, "m-2")).isEqualTo("iot_event_p" + LocalDate.now(ZoneOffset.UTC).format(MONTH));
        }
    }

    @Test
    void theEventsArePartitionedByMonthAndTheKeysAreOneTable() {
        Assumptions.assumeTrue(postgres(), "partitions are PostgreSQL's (H2 keeps plain tables)");
        partitions.ensure();
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        List<String> parts = jdbc.sql("select inhrelid::regclass::text from pg_inherits where inhparent = 'iot_event'::regclass")
                .query(String.class).list();
        for (int ahead = 0; ahead <= 3; ahead++) {
            assertThat(parts).contains("iot_event_p" + month.plusMonths(ahead).format(MONTH));
        }
        assertThat(parts).contains("iot_event_default");
        assertThat(jdbc.sql("select relkind from pg_class where oid = 'iot_event_key'::regclass").query(String.class).single())
                .as("the key table is a plain table, its primary key holds across months").isEqualTo("r");
        assertThat(fx.count("""
                select count(*) from iot_event
                 where tableoid::regclass::text <> 'iot_event_p' || to_char(received_at at time zone 'UTC', 'YYYY_MM')"""))
                .as("events outside their month's partition").isZero();
        assertThat(fx.count("""
                select count(*) from iot_event e
                 where not exists (select 1 from iot_event_key k where k.device_id = e.device_id and k.message_id = e.message_id)"""))
                .as("events without their key").isZero();
    }

    @Test
    void anOldMonthDetachesThenItsKeysArePrunedAndTheOtherMonthsKeepTheirs() {
        Assumptions.assumeTrue(postgres(), "partitions are PostgreSQL's (H2 keeps plain tables)");
        jdbc.sql("drop table if exists iot_event_p2003_03").update(); // left by an interrupted run
        var gate = fx.register("GATE");
        send(gate, "old-1");
        send(gate, "new-1");
        receivedAt(gate, "old-1", Instant.parse("2003-03-14T08:00:00Z"));
        assertThat(partitionOf(gate, "old-1")).isEqualTo("iot_event_default");
        partitions.ensure();
        assertThat(partitionOf(gate, "old-1")).isEqualTo("iot_event_p2003_03");

        // keys of a month still kept are not pruned
        assertThatThrownBy(() -> jdbc.sql("select gridwork_iot_event_keys_prune(timestamptz '2003-04-01 00:00:00+00')")
                .query(Long.class).single()).hasMessageContaining("detach their months first");
        assertThat(keys(gate, "old-1")).isEqualTo(1);

        // archiving the month: detach it (a table of its own, to dump and drop), then prune its keys
        jdbc.sql("alter table iot_event detach partition iot_event_p2003_03").update();
        assertThat(stored(gate, "old-1")).isZero();
        assertThat(fx.count("select count(*) from iot_event_p2003_03 where device_id = ?", gate.device().id()))
                .as("the detached month").isEqualTo(1);
        assertThat(keys(gate, "old-1")).as("until pruned, the key still holds").isEqualTo(1);
        assertThat(jdbc.sql("select gridwork_iot_event_keys_prune(timestamptz '2003-04-01 00:00:00+00')").query(Long.class)
                .single()).isPositive();
        assertThat(jdbc.sql("select gridwork_iot_event_keys_prune(timestamptz '2003-04-01 00:00:00+00')").query(Long.class)
                .single()).as("nothing left to prune").isZero();
        assertThat(keys(gate, "old-1")).isZero();
        assertThat(stored(gate, "new-1")).isEqualTo(1);
        assertThat(keys(gate, "new-1")).as("this month's keys stay").isEqualTo(1);
        assertThat(send(gate, "new-1").duplicate()).as("this month's duplicate check still holds").isTrue();
        assertThat(stored(gate, "new-1")).isEqualTo(1);
        jdbc.sql("drop table iot_event_p2003_03").update();
    }
}
