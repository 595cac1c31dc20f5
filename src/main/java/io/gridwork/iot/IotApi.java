package io.gridwork.iot;

/** What other modules may ask of the IoT module. */
public interface IotApi {

    /** Incidents listed per device by {@link #watch}. */
    int INCIDENTS_LISTED = 5;

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
     * The devices of {@code type} (a device type name) under a grid path that watch one problem, for the three city-wide
     * problems' tracking view: how many there are (and how many are offline or had an incident of {@code eventType} begun in
     * [{@code from}, {@code to})), and at most {@code limit} of them, those with the most incidents begun in the period
     * first, then the offline ones, then by grid path and code; each with its newest incidents whose last event fell in the
     * period. Callers check the viewer's scope themselves.
     */
    DeviceWatches watch(String gridPath, String type, String eventType, java.time.Instant from, java.time.Instant to,
            int limit);

    /**
     * Incidents of {@code eventType} under a grid path whose first event fell on days {@code from}..{@code to}
     * (Asia/Shanghai), counted per day and per grid path of their device: one grouped read for a dashboard's period and
     * its monthly trend. Days without any incident are left out. Callers check scope themselves.
     */
    java.util.Map<java.time.LocalDate, java.util.Map<String, Long>> incidentCountsByDay(String gridPath, String eventType,
            java.time.LocalDate from, java.time.LocalDate to);

    /** The devices watching one problem under a grid: counted, and the first of them listed. */
    record DeviceWatches(long total, long offline, long withIncidents, java.util.List<DeviceWatch> devices) {
    }

    /** A device with its state and the incidents of the period (newest first, at most {@link #INCIDENTS_LISTED}). */
    record DeviceWatch(long id, String code, String type, String name, long buildingId, String locationText, String gridPath,
            boolean enabled, java.time.Instant lastSeenAt, java.time.Instant offlineSince, long incidentsInPeriod,
            java.util.List<Incident> incidents) {

        /** The same device with these incidents. */
        public DeviceWatch withIncidents(java.util.List<Incident> listed) {
            return new DeviceWatch(id, code, type, name, buildingId, locationText, gridPath, enabled, lastSeenAt, offlineSince,
                    incidentsInPeriod, listed);
        }
    }

    /** An incident: events of one device and type in one window; {@code demandId} is the demand it raised, if any. */
    record Incident(long id, String eventType, java.time.Instant firstAt, java.time.Instant lastAt, int eventCount,
            Long demandId) {
    }
}
