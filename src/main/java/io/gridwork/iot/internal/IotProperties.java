package io.gridwork.iot.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** {@code gridwork.iot.*}: de-duplication, heartbeats, the HTTP signature and the MQTT consumer. */
@ConfigurationProperties("gridwork.iot")
public record IotProperties(Duration dedupWindow, Duration heartbeatTimeout, Duration offlineScan, Duration replayWindow,
        DataSize maxPayload, Duration rejectRetention, Mqtt mqtt) {

    public IotProperties {
        dedupWindow = dedupWindow == null ? Duration.ofMinutes(10) : dedupWindow;
        heartbeatTimeout = heartbeatTimeout == null ? Duration.ofMinutes(10) : heartbeatTimeout;
        offlineScan = offlineScan == null ? Duration.ofMinutes(1) : offlineScan;
        replayWindow = replayWindow == null ? Duration.ofMinutes(5) : replayWindow;
        maxPayload = maxPayload == null ? DataSize.ofMegabytes(4) : maxPayload;
        rejectRetention = rejectRetention == null ? Duration.ofDays(7) : rejectRetention;
        mqtt = mqtt == null ? new Mqtt(false, null, null, null, null, null, null, null, null, null, null, null, null, null) : mqtt;
    }

    /**
     * The MQTT consumer (off unless enabled). Topics: {@code {topicPrefix}/{community-code}/devices/{device-code}/events};
     * every instance subscribes through the shared subscription {@code $share/{shareGroup}/...}, so the broker
     * hands each message to one of them.
     */
    public record Mqtt(Boolean enabled, String url, String username, String password, String clientId, String topicPrefix,
            String shareGroup, Integer qos, Integer batchSize, Integer queueCapacity, Integer receiveMaximum,
            Boolean cleanStart, String trustStore, String trustStorePassword) {

        public Mqtt {
            enabled = enabled != null && enabled;
            url = url == null || url.isBlank() ? "tcp://127.0.0.1:1883" : url;
            clientId = clientId == null || clientId.isBlank() ? null : clientId;
            topicPrefix = topicPrefix == null || topicPrefix.isBlank() ? "gridwork" : topicPrefix;
            shareGroup = shareGroup == null ? "gridwork" : shareGroup;
            qos = qos == null ? 1 : qos;
            batchSize = batchSize == null ? 500 : batchSize;
            queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
            receiveMaximum = receiveMaximum == null ? 2_000 : receiveMaximum;
            cleanStart = cleanStart != null && cleanStart;
        }

        /** The subscription filter, shared when a group is set. */
        public String subscription() {
            String filter = topicPrefix + "/+/devices/+/events";
            return shareGroup.isBlank() ? filter : "$share/" + shareGroup + "/" + filter;
        }
    }
}
