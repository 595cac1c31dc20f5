package io.gridwork.iot.internal;

import java.time.Instant;

/** An event that passed the checks of its channel: a known device, a type it may send, a readable payload. */
public record DeviceEvent(Device device, String messageId, String type, Instant occurredAt, byte[] image, String imageUrl,
        String note, String via) {
}
