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

    /**
     * The devices of {@code type} (a device type name) under a grid path, with their incidents of {@code eventType} whose
     * last event fell in [{@code from}, {@code to}) and their incidents of the period counted: what the three city-wide
     * problems' tracking view shows beside the demands. Callers check the viewer's scope themselves.
     */
    java.util.List<DeviceWatch> watch(String gridPath, String type, String eventType, java.time.Instant from,
            java.time.Instant to);

    /**
     * Incidents of {@code eventType} under a grid path whose first event fell on days {@code from}..{@code to}
     * (Asia/Shanghai), counted per day and per grid path of their device: one grouped read for a dashboard's period and
     * its monthly trend. Days without any incident are left out. Callers check scope themselves.
     */
    java.util.Map<java.time.LocalDate, java.util.Map<String, Long>> incidentCountsByDay(String gridPath, String eventType,
            java.time.LocalDate from, java.time.LocalDate to);

    /** A device with its state and the incidents of the period (newest first, at most 20). */
    record DeviceWatch(long id, String code, String type, String name, long buildingId, String locationText, String gridPath,
            boolean enabled, java.time.Instant lastSeenAt, java.time.Instant offlineSince, long incidentsInPeriod,
            java.util.List<Incident> incidents) {
    }

    /** An incident: events of one device and type in one window; {@code demandId} is the demand it raised, if any. */
    record Incident(long id, String eventType, java.time.Instant firstAt, java.time.Instant lastAt, int eventCount,
            Long demandId) {
    }
}
