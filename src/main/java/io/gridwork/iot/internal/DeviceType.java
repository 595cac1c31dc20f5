package io.gridwork.iot.internal;

import java.util.Set;

/** The kinds of device and the events each may send (besides {@link #HEARTBEAT}, which every device sends). */
public enum DeviceType {
    /** 高空抛物 camera: a throw is an immediate demand with the image */
    HIGH_ALTITUDE_CAMERA("THROW"),
    /** e-bike detector in a lift: one demand a day to the property company */
    LIFT_EBIKE_DETECTOR("EBIKE"),
    /** charger in a bike shed: a failing battery is a warning */
    BIKE_SHED_CHARGER("BATTERY_FAULT"),
    /** smoke sensor: smoke is an urgent demand */
    SMOKE_SENSOR("SMOKE"),
    /** compound gate: a forced opening is a warning */
    GATE("FORCED_OPEN");

    public static final String HEARTBEAT = "HEARTBEAT";

    private final Set<String> events;

    DeviceType(String... events) {
        this.events = Set.of(events);
    }

    public Set<String> events() {
        return events;
    }

    public boolean accepts(String eventType) {
        return HEARTBEAT.equals(eventType) || events.contains(eventType);
    }

    public static DeviceType parse(String s) {
        if (s == null) {
            return null;
        }
        try {
            return valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
