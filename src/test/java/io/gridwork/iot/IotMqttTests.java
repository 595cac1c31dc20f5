package io.gridwork.iot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Party;
import io.gridwork.iot.internal.DeviceRegistry;
import io.gridwork.iot.internal.IotProperties;
import io.gridwork.iot.internal.MqttConsumer;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * Device events over MQTT against the local Mosquitto (127.0.0.1:1883), under a topic prefix of this run's
 * own, so that parallel runs and other instances do not see each other's messages.
 */
@GridworkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {"gridwork.iot.mqtt.enabled=true", "gridwork.iot.mqtt.topic-prefix=gwtest-${random.uuid}",
        "gridwork.iot.mqtt.url=${GRIDWORK_IOT_TEST_MQTT_URL:tcp://127.0.0.1:1883}"})
class IotMqttTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    IotFixtures fx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemandApi demands;
    @Autowired
    MqttConsumer consumer;
    @Autowired
    IotProperties props;

    MqttClient publisher;

    @BeforeAll
    void connect() throws Exception {
        IotFixtures.await("the consumer's connection", WAIT, consumer::connected);
        publisher = new MqttClient(props.mqtt().url(), "gwtest-pub-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        publisher.connect(o);
        // the consumer subscribes once connected, and the broker confirms it asynchronously: a message published
        // before that passes by unseen, so wait for the confirmation rather than for a fixed while
        IotFixtures.await("the consumer's subscription", WAIT, consumer::subscribed);
    }

    @AfterAll
    void disconnect() throws Exception {
        if (publisher != null) {
            publisher.disconnect();
            publisher.close();
        }
    }

    private void publish(DeviceRegistry.Created d, String payload) throws Exception {
        publish(d.device().communityCode(), d.device().code(), payload);
    }

    private void publish(String community, String device, String payload) throws Exception {
        publisher.publish(props.mqtt().topicPrefix() + "/" + community + "/devices/" + device + "/events",
                payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private long incidentCount(DeviceRegistry.Created d) {
        return fx.count("select coalesce(sum(event_count), 0) from iot_incident where device_id = ?", d.device().id());
    }

    private Long demandOf(DeviceRegistry.Created d) {
        return jdbc.sql("select max(demand_id) from iot_incident where device_id = ?").param(d.device().id())
                .query((rs, i) -> (Long) rs.getObject(1, Long.class)).list().get(0);
    }

    private long rejects(String reason) {
        return jdbc.sql("select coalesce(max(total), 0) from iot_reject_count where reason = ?").param(reason).query(Long.class).single();
    }

    @Test
    void eBikesInALiftAreOneDemandADayForThePropertyCompany() throws Exception {
        var lift = fx.register("LIFT_EBIKE_DETECTOR");
        publish(lift, "{\"id\":\"e-1\",\"type\":\"EBIKE\"}");
        IotFixtures.await("the first e-bike event", WAIT, () -> demandOf(lift) != null);
        long demandId = demandOf(lift);
        publish(lift, "{\"id\":\"e-2\",\"type\":\"EBIKE\"}");
        publish(lift, "{\"id\":\"e-3\",\"type\":\"ebike\"}");
        IotFixtures.await("three e-bike events", WAIT, () -> incidentCount(lift) == 3);

        DemandView v = demands.find(demandId).orElseThrow();
        assertThat(v.categoryCode()).isEqualTo("EBIKE_IN_LIFT");
        assertThat(v.channel()).isEqualTo(Channel.DEVICE);
        assertThat(v.assignments()).extracting(DemandView.PartyAssignment::party).containsExactly(Party.PROPERTY);
        // the two repeats are on the demand's timeline: one step each, or one step for both when they arrived
        // in one ingest batch ("（10:02，2 次）"); what counts is the number of events noted, not of steps
        assertThat(v.timeline().stream().filter(t -> t.action().equals("DEVICE_EVENT"))
                .mapToInt(t -> repeatsNoted(t.note())).sum()).isEqualTo(2);
        assertThat(fx.count("select count(*) from iot_incident where device_id = ?", lift.device().id())).isEqualTo(1);
        assertThat(fx.count("select count(*) from demand where description like ?", "%" + lift.device().name() + "%")).isEqualTo(1);
    }

    @Test
    void aCameraThrowBecomesAThrownObjectsDemandWithItsImage() throws Exception {
        var camera = fx.register("HIGH_ALTITUDE_CAMERA");
        publish(camera, "{\"id\":\"t-1\",\"type\":\"THROW\",\"at\":\"" + java.time.Instant.now() + "\",\"image\":\""
                + IotFixtures.jpegBase64() + "\"}");
        IotFixtures.await("the throw", WAIT, () -> demandOf(camera) != null);
        long demandId = demandOf(camera);
        assertThat(demands.find(demandId).orElseThrow().categoryCode()).isEqualTo("THROWN_OBJECTS");
        assertThat(fx.count("select count(*) from demand_photo where demand_id = ?", demandId)).isEqualTo(1);
    }

    @Test
    void aRedeliveredMessageAndARepeatWithinTheWindowAreOneIncident() throws Exception {
        var smoke = fx.register("SMOKE_SENSOR");
        String payload = "{\"id\":\"d-1\",\"type\":\"SMOKE\"}";
        publish(smoke, payload);
        publish(smoke, payload); // the same message again (as after a lost acknowledgement)
        publish(smoke, "{\"id\":\"d-2\",\"type\":\"SMOKE\"}");
        IotFixtures.await("two distinct smoke events", WAIT, () -> incidentCount(smoke) == 2);
        long before = consumer.stored();
        publish(smoke, "{\"type\":\"HEARTBEAT\"}");
        IotFixtures.await("the heartbeat", WAIT, () -> consumer.stored() > before);
        assertThat(fx.count("select count(*) from iot_event where device_id = ?", smoke.device().id())).isEqualTo(2);
        assertThat(fx.count("select count(*) from iot_incident where device_id = ?", smoke.device().id())).isEqualTo(1);
        assertThat(fx.count("select count(*) from demand where description like ?", "%" + smoke.device().name() + "%")).isEqualTo(1);
    }

    @Test
    void aBadPayloadIsCountedAndTheNextGoodOneIsStillProcessed() throws Exception {
        var gate = fx.register("GATE");
        long malformed = rejects("MALFORMED");
        long unknownDevice = rejects("UNKNOWN_DEVICE");
        long unknownType = rejects("UNKNOWN_TYPE");
        long mismatch = rejects("TOPIC_MISMATCH");
        publish(gate, "{not json");
        publish(gate.device().communityCode(), "no-such-" + UUID.randomUUID().toString().substring(0, 8), "{\"type\":\"FORCED_OPEN\"}");
        publish(gate, "{\"type\":\"THROW\"}");
        publish("000000000000", gate.device().code(), "{\"type\":\"FORCED_OPEN\"}");
        publish(gate, "{\"id\":\"g-1\",\"type\":\"FORCED_OPEN\"}");
        IotFixtures.await("the good event after the bad ones", WAIT, () -> incidentCount(gate) == 1);
        IotFixtures.await("the rejects counted", WAIT, () -> rejects("MALFORMED") == malformed + 1
                && rejects("UNKNOWN_DEVICE") == unknownDevice + 1 && rejects("UNKNOWN_TYPE") == unknownType + 1
                && rejects("TOPIC_MISMATCH") == mismatch + 1);
        assertThat(fx.count("select count(*) from iot_warning where device_id = ?", gate.device().id())).isEqualTo(1);
    }

    /** The number of events a device step notes: "…（10:02，2 次）" is two. */
    private static int repeatsNoted(String note) {
        var m = java.util.regex.Pattern.compile("，(\\d+) 次）").matcher(note);
        assertThat(m.find()).as("a repeat count in %s", note).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
