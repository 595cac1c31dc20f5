package io.gridwork.iot.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import io.gridwork.shared.web.ProblemException;

/**
 * Consumes device events from MQTT (QoS 1, MQTT 5 shared subscription, so that each message goes to one
 * instance). The Paho callback only puts the message on a bounded queue (a full queue holds the callback
 * back, which is the back-pressure); a worker takes batches, stores them in one transaction and only then
 * acknowledges each message (manual acks). A message is acknowledged when it is stored or rejected; if the
 * instance dies before, the broker delivers it again and the database's de-duplication makes that harmless.
 * A bad payload is counted and acknowledged; it never stops the consumer.
 */
@Component
@ConditionalOnProperty(name = "gridwork.iot.mqtt.enabled", havingValue = "true")
public class MqttConsumer implements SmartLifecycle, MqttCallback {

    private static final Logger log = LoggerFactory.getLogger(MqttConsumer.class);

    /** A message as received, with its event or the reason it was refused (read on Paho's thread, beside the worker). */
    private record Inbound(int id, int qos, DeviceEvent event, Rejected rejected) {
    }

    private final IotProperties.Mqtt cfg;
    private final PayloadParser parser;
    private final EventIngest ingest;
    private final Rejects rejects;
    private final BlockingQueue<Inbound> queue;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running;
    private volatile MqttAsyncClient client;
    private volatile IMqttToken subscription;
    private volatile MqttConnectionOptions options;
    private Thread worker;

    MqttConsumer(IotProperties props, PayloadParser parser, EventIngest ingest, Rejects rejects) {
        this.cfg = props.mqtt();
        this.parser = parser;
        this.ingest = ingest;
        this.rejects = rejects;
        this.queue = new ArrayBlockingQueue<>(cfg.queueCapacity());
    }

    /** Messages stored (new or duplicate) and rejected since start, for tests and the benchmark. */
    public long stored() {
        return stored.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /** Whether the broker has confirmed the subscription of the current connection (before that, messages pass by). */
    public boolean subscribed() {
        IMqttToken s = subscription;
        return connected() && s != null && s.isComplete() && s.getException() == null;
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("iot-mqtt-worker").daemon().start(this::work);
        try {
            String clientId = cfg.clientId() == null ? "gridwork-" + UUID.randomUUID().toString().substring(0, 8) : cfg.clientId();
            client = new MqttAsyncClient(cfg.url(), clientId, new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(this);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setAutomaticReconnect(true);
            // a random client id has no session worth keeping
            boolean clean = cfg.cleanStart() || cfg.clientId() == null;
            o.setCleanStart(clean);
            if (!clean) {
                o.setSessionExpiryInterval(86_400L);
            }
            o.setReceiveMaximum(cfg.receiveMaximum());
            o.setKeepAliveInterval(30);
            if (cfg.username() != null && !cfg.username().isBlank()) {
                o.setUserName(cfg.username());
                o.setPassword(cfg.password() == null ? new byte[0] : cfg.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (cfg.trustStore() != null && !cfg.trustStore().isBlank()) {
                Properties ssl = new Properties();
                ssl.setProperty("com.ibm.ssl.trustStore", cfg.trustStore());
                if (cfg.trustStorePassword() != null) {
                    ssl.setProperty("com.ibm.ssl.trustStorePassword", cfg.trustStorePassword());
                }
                o.setSSLProperties(ssl);
            }
            options = o;
            client.connect(o).waitForCompletion(10_000);
        } catch (MqttException e) {
            // automatic reconnect only applies after a first success: keep trying in the background
            log.warn("MQTT broker {} not reachable ({}); retrying", cfg.url(), e.getMessage());
            Thread.ofVirtual().name("iot-mqtt-connect").start(this::retryConnect);
        }
    }

    private void retryConnect() {
        while (running && !connected()) {
            try {
                Thread.sleep(2_000);
                if (!client.isConnected()) {
                    client.connect(options).waitForCompletion(10_000);
                }
            } catch (InterruptedException e) {
                return;
            } catch (MqttException e) {
                log.debug("MQTT reconnect failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        try {
            subscription = client.subscribe(cfg.subscription(), cfg.qos());
            log.info("MQTT {} to {}, subscribed to {}", reconnect ? "reconnected" : "connected", serverURI, cfg.subscription());
        } catch (MqttException e) {
            log.error("MQTT subscribe to {} failed: {}", cfg.subscription(), e.getMessage());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        DeviceEvent event = null;
        Rejected rejected = null;
        try {
            event = parser.parse(parser.deviceOfTopic(topic), message.getPayload(), "MQTT");
        } catch (Rejected r) {
            rejected = r;
        } catch (RuntimeException e) {
            rejected = new Rejected(RejectReason.MALFORMED, null, e.toString());
        }
        queue.put(new Inbound(message.getId(), message.getQos(), event, rejected));
    }

    private void work() {
        List<Inbound> batch = new ArrayList<>(cfg.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                Inbound first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, cfg.batchSize() - 1);
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("MQTT batch failed; its messages stay unacknowledged for redelivery", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void process(List<Inbound> batch) throws InterruptedException {
        List<DeviceEvent> good = new ArrayList<>(batch.size());
        List<Inbound> goodMessages = new ArrayList<>(batch.size());
        for (Inbound m : batch) {
            if (m.rejected() != null) {
                reject(m, m.rejected().reason(), m.rejected().deviceCode(), m.rejected().getMessage());
            } else {
                good.add(m.event());
                goodMessages.add(m);
            }
        }
        if (good.isEmpty()) {
            return;
        }
        try {
            ingest.ingest(good);
            stored.addAndGet(good.size());
            goodMessages.forEach(this::ack);
        } catch (RuntimeException batchFailure) {
            // find the culprit: one by one, rejecting what cannot be processed and retrying what may pass later
            for (int i = 0; i < good.size(); i++) {
                one(good.get(i), goodMessages.get(i));
            }
        }
    }

    private void one(DeviceEvent e, Inbound m) throws InterruptedException {
        long backoff = 500;
        while (true) {
            try {
                ingest.ingest(List.of(e));
                stored.incrementAndGet();
                ack(m);
                return;
            } catch (ProblemException | DataIntegrityViolationException | IllegalArgumentException | IllegalStateException p) {
                reject(m, RejectReason.PROCESSING_FAILED, e.device().code(), p.getMessage());
                return;
            } catch (RuntimeException transientFailure) {
                if (!running) {
                    return; // unacknowledged: the broker delivers it again
                }
                log.warn("storing an MQTT event failed, retrying in {} ms: {}", backoff, transientFailure.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void reject(Inbound m, RejectReason reason, String deviceCode, String detail) {
        rejected.incrementAndGet();
        rejects.record(reason, "MQTT", deviceCode, detail);
        ack(m);
    }

    private void ack(Inbound m) {
        if (m.qos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(m.id(), m.qos());
        } catch (MqttException e) {
            log.debug("MQTT ack of {} failed (it will be redelivered): {}", m.id(), e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (worker != null) {
                worker.join(5_000);
            }
            if (client != null) {
                if (client.isConnected()) {
                    client.disconnect(2_000).waitForCompletion(3_000);
                }
                client.close(true);
            }
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        log.warn("MQTT disconnected: {}", response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.warn("MQTT error: {}", exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
