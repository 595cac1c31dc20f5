package io.gridwork.iot;

import java.time.Instant;

/** Events of the IoT module: warnings and offline devices that the people responsible must hear. */
public final class IotEvents {

    private IotEvents() {
    }

    /** A device raised a warning that is not (yet) a demand, e.g. a charger reporting a failing battery. */
    public record DeviceWarning(long deviceId, String deviceCode, String deviceType, String kind, String message,
            long communityId, String gridPath, Long buildingId, Instant at) {
    }

    /** A device stopped sending heartbeats. */
    public record DeviceOffline(long deviceId, String deviceCode, String deviceType, long communityId, String gridPath,
            Long buildingId, Instant lastSeenAt, Instant at) {
    }
}
