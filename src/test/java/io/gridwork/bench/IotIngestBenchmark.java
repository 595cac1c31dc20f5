package io.gridwork.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.iot.IotApi;
import io.gridwork.iot.internal.IotProperties;
import io.gridwork.iot.internal.MqttConsumer;
import io.gridwork.support.GridworkTest;

/**
 * Device events from MQTT into PostgreSQL with de-duplication on: publishes QoS 1 messages from
 * {@code bench.devices} simulated devices (half lift e-bike detectors, whose incidents are one demand a day,
 * half gates, whose incidents are warnings), 2 % of them sent twice with the same message id, and waits
 * until the consumer has stored them all; then checks that every distinct message is stored once and
 * that the incidents count them all (no loss, no double count). Beside it, the same SQL (the batched key insert
 * with on-conflict, the events whose key was new, the incident bump, the last-seen update) run directly on the same number of events
 * in the same batch size: the raw rate. Kept out of the test run (surefire excludes bench/):
 *
 * <pre>
 * GRIDWORK_TEST_PG_URL=jdbc:postgresql://localhost:5432/gridwork_bench_iot \
 *   ./mvnw -q -B test -Dtest=IotIngestBenchmark -Dgridwork.test.db=postgres -Dbench.messages=60000 -Dbench.rounds=3
 * </pre>
 */
@GridworkTest
@TestPropertySource(properties = {"gridwork.iot.mqtt.enabled=true", "gridwork.iot.mqtt.topic-prefix=gwbench-${random.uuid}",
        "gridwork.iot.mqtt.url=tcp://127.0.0.1:" + IotIngestBenchmark.PORT, "logging.level.io.gridwork.iot=WARN"})
class IotIngestBenchmark {

    /**
     * The benchmark's own Mosquitto: the packaged configuration keeps at most 1,000 queued QoS 1 messages per
     * subscriber and silently drops the rest, which loses messages in any burst faster than the consumer.
     */
    static final int PORT = 18_830;
    static final String BROKER_CONF = """
            listener 18830 127.0.0.1
            allow_anonymous true
            persistence false
            max_queued_messages 10000000
            max_inflight_messages 0
            """;

    @Autowired
    IotApi iot;
    @Autowired
    MqttConsumer consumer;
    @Autowired
    IotProperties props;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate template;
    @Autowired
    TransactionTemplate tx;

    record Dev(long id, String code, String community, String type) {
    }

    @Test
    void ingest() throws Exception {
        int messages = Integer.getInteger("bench.messages", 60_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int deviceCount = Integer.getInteger("bench.devices", 100);
        String run = UUID.randomUUID().toString().substring(0, 6);
        long building = jdbc.sql("select min(id) from building").query(Long.class).single();
        List<Dev> devices = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            String type = i % 2 == 0 ? "LIFT_EBIKE_DETECTOR" : "GATE";
            String code = "bench-" + run + "-" + i;
            long id = iot.registerUnattended(code, type, "bench " + code, building, null, null, "bench");
            String community = jdbc.sql("select community_code from iot_device where id = ?").param(id).query(String.class).single();
            devices.add(new Dev(id, code, community, type));
        }
        long[] ids = devices.stream().mapToLong(Dev::id).toArray();
        final String inIds = String.join(",", Arrays.stream(ids).mapToObj(String::valueOf).toList());
        java.nio.file.Path conf = java.nio.file.Files.createTempFile("gwbench-mosquitto", ".conf");
        java.nio.file.Files.writeString(conf, BROKER_CONF);
        Process broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(java.nio.file.Path.of("target", "gwbench-mosquitto.log").toFile()).start();
        try {
            List<Dev> rawDevices = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                Dev d = devices.get(i);
                String code = "bench-raw-" + run + "-" + i;
                rawDevices.add(new Dev(iot.registerUnattended(code, d.type(), "bench " + code, building, null, null, "bench"),
                        code, d.community(), d.type()));
            }
            run(devices, rawDevices, inIds, messages, rounds, run);
        } finally {
            broker.destroy();
            broker.waitFor();
            java.nio.file.Files.deleteIfExists(conf);
        }
    }

    private void run(List<Dev> devices, List<Dev> rawDevices, String inIds, int messages, int rounds, String run) throws Exception {
        long waitUntil = System.nanoTime() + 30_000_000_000L;
        while (!consumer.connected()) {
            assertThat(System.nanoTime()).as("the consumer connects to the benchmark broker").isLessThan(waitUntil);
            Thread.sleep(50);
        }
        Thread.sleep(500);

        MqttAsyncClient pub = new MqttAsyncClient(props.mqtt().url(), "gwbench-pub-" + run, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        pub.connect(o).waitForCompletion(10_000);

        List<double[]> results = new ArrayList<>(); // {mqtt events/s, publish/s, raw events/s}
        long uniqueTotal = 0;
        for (int r = 0; r < rounds; r++) {
            // ---- through MQTT ----
            long storedBefore = consumer.stored();
            Semaphore window = new Semaphore(1_000);
            AtomicLong failures = new AtomicLong();
            MqttActionListener done = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    failures.incrementAndGet();
                    window.release();
                }
            };
            int published = 0;
            int unique = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                Dev d = devices.get(i % devices.size());
                String payload = "{\"id\":\"r" + r + "-" + i + "\",\"type\":\"" + (d.type().equals("GATE") ? "FORCED_OPEN" : "EBIKE") + "\"}";
                int copies = i % 50 == 0 ? 2 : 1; // 2 %: the same message twice
                for (int c = 0; c < copies; c++) {
                    window.acquire();
                    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
                    m.setQos(1);
                    while (true) {
                        try {
                            pub.publish(props.mqtt().topicPrefix() + "/" + d.community() + "/devices/" + d.code() + "/events",
                                    m, null, done);
                            break;
                        } catch (MqttException e) {
                            if (e.getReasonCode() != 32202 /* too many publishes in progress */) {
                                throw e;
                            }
                            Thread.sleep(1);
                        }
                    }
                    published++;
                }
                unique++;
            }
            window.acquire(1_000);
            long tPublished = System.nanoTime();
            long expect = storedBefore + published;
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (consumer.stored() < expect && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long tStored = System.nanoTime();
            assertThat(failures.get()).as("publish failures").isZero();
            assertThat(consumer.stored()).as("messages stored by the consumer").isEqualTo(expect);
            uniqueTotal += unique;
            long rows = jdbc.sql("select count(*) from iot_event where device_id in (" + inIds + ")").query(Long.class).single();
            long counted = jdbc.sql("select coalesce(sum(event_count), 0) from iot_incident where device_id in (" + inIds + ")")
                    .query(Long.class).single();
            assertThat(rows).as("distinct messages stored once").isEqualTo(uniqueTotal);
            assertThat(counted).as("incidents count every distinct message once").isEqualTo(uniqueTotal);
            double mqttRate = published / ((tStored - t0) / 1e9);
            double publishRate = published / ((tPublished - t0) / 1e9);

            // ---- the same SQL, directly ----
            double rawRate = raw(rawDevices, messages, props.mqtt().batchSize(), "raw" + run + "-" + r);
            results.add(new double[] {mqttRate, publishRate, rawRate});
            System.out.printf("round %d: %d messages (%d distinct) published at %.0f/s, ingested end to end at %.0f/s; raw SQL %.0f/s%n",
                    r + 1, published, unique, publishRate, mqttRate, rawRate);
        }
        pub.disconnect().waitForCompletion(5_000);
        pub.close();
        BenchResults.record("IoT ingest", "MQTT QoS 1 → PostgreSQL, de-duplicated, median of " + rounds + " rounds of " + messages
                + " messages", median(results, 0), median(results, 2), "events/s", true, null,
                "no loss: every distinct message stored once (" + uniqueTotal + ")");
        System.out.printf("median of %d rounds: MQTT ingest %.0f events/s, publish %.0f/s, raw SQL %.0f events/s; %d distinct events"
                + " stored once, incidents %d%n", rounds, median(results, 0), median(results, 1), median(results, 2), uniqueTotal,
                jdbc.sql("select count(*) from iot_incident where device_id in (" + inIds + ")").query(Long.class).single());
    }

    /** The ingest's statements on generated events, without MQTT, JSON, rules or timeline notes. */
    private double raw(List<Dev> devices, int messages, int batchSize, String prefix) {
        long t0 = System.nanoTime();
        for (int start = 0; start < messages; start += batchSize) {
            int from = start;
            int to = Math.min(messages, start + batchSize);
            tx.executeWithoutResult(s -> {
                Timestamp now = Timestamp.from(Instant.now());
                List<Object[]> rows = new ArrayList<>();
                Map<String, int[]> groups = new TreeMap<>();
                Map<Long, Boolean> seen = new TreeMap<>();
                for (int i = from; i < to; i++) {
                    Dev d = devices.get(i % devices.size());
                    String type = d.type().equals("GATE") ? "FORCED_OPEN" : "EBIKE";
                    rows.add(new Object[] {d.id(), prefix + "-" + i, type, now, now, "RAW"});
                    seen.put(d.id(), true);
                }
                List<Object[]> keyRows = new ArrayList<>(rows.size());
                rows.forEach(row -> keyRows.add(new Object[] {row[0], row[1], row[4]}));
                int[] inserted = template.batchUpdate("insert into iot_event_key (device_id, message_id, received_at)"
                        + " values (?, ?, ?) on conflict do nothing", keyRows);
                List<Object[]> fresh = new ArrayList<>(rows.size());
                for (int i = 0; i < rows.size(); i++) {
                    if (inserted[i] > 0) {
                        fresh.add(rows.get(i));
                    }
                }
                template.batchUpdate("insert into iot_event (device_id, message_id, event_type, occurred_at, received_at, via)"
                        + " values (?, ?, ?, ?, ?, ?)", fresh);
                for (int i = 0; i < rows.size(); i++) {
                    if (inserted[i] > 0) {
                        Object[] row = rows.get(i);
                        groups.computeIfAbsent(row[0] + "|" + row[2], k -> new int[1])[0]++;
                    }
                }
                String window = "D" + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
                List<String> keys = new ArrayList<>(groups.keySet());
                List<Object[]> bumps = new ArrayList<>();
                for (String key : keys) {
                    String[] k = key.split("\\|");
                    bumps.add(new Object[] {groups.get(key)[0], now, Long.parseLong(k[0]), k[1], window});
                }
                int[] bumped = template.batchUpdate("update iot_incident set event_count = event_count + ?,"
                        + " last_at = greatest(last_at, ?) where device_id = ? and event_type = ? and window_key = ?", bumps);
                for (int i = 0; i < keys.size(); i++) {
                    if (bumped[i] == 0) {
                        String[] k = keys.get(i).split("\\|");
                        jdbc.sql("insert into iot_incident (device_id, event_type, window_key, first_at, last_at, event_count)"
                                + " values (?, ?, ?, ?, ?, ?) on conflict do nothing")
                                .params(Long.parseLong(k[0]), k[1], window, now, now, groups.get(keys.get(i))[0]).update();
                    }
                }
                List<Object[]> seenRows = new ArrayList<>();
                seen.keySet().forEach(id -> seenRows.add(new Object[] {now, id}));
                template.batchUpdate("update iot_device set last_seen_at = ?, offline_since = null where id = ?", seenRows);
            });
        }
        return messages / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(List<double[]> results, int column) {
        double[] v = results.stream().mapToDouble(a -> a[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
