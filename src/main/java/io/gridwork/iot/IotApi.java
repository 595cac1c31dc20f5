package io.gridwork.iot;

/** What other modules may ask of the IoT module. */
public interface IotApi {

    /** Whether any device is registered (the demo seeds only an empty registry). */
    boolean hasDevices();

    /**
     * Registers a device without a signed-in account (the demo, provisioning scripts); the secret is
     * generated and not returned. {@code type} is a device type name, {@code owner} a party name (null: PROPERTY).
     */
    long registerUnattended(String code, String type, String name, long buildingId, String locationText, String owner,
            String createdBy);

    /**
     * Takes an event as if the device had sent it over its channel (the demo's devices; a provisioning check): the same
     * ingest as MQTT and signed HTTP, de-duplicated by {@code messageId}. Returns the demand the event raised or was
     * counted on, if any. Refuses an unknown device or an event type its kind does not send.
     */
    java.util.Optional<Long> ingestUnattended(String deviceCode, String messageId, String eventType, java.time.Instant occurredAt,
            String note);
}
