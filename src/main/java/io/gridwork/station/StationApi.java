package io.gridwork.station;

import java.time.LocalTime;
import java.time.YearMonth;
import java.util.List;

import io.gridwork.shared.security.GridworkUser;

/**
 * What other modules (the demo seeder) may ask of the service station. Every call checks the actor as the API does:
 * the community's staff create stations, rooms and services and make the rota.
 */
public interface StationApi {

    /** True when no station or service point exists yet. */
    boolean hasNoStations();

    /**
     * Creates a station ({@code servicePoint} false: closed on public holidays) or a service point in a shop on a
     * community, compound or special grid, open from {@code opens} to {@code closes} on the given weekdays (1 = Monday).
     * Returns its id.
     */
    long createStation(long gridId, boolean servicePoint, String name, String address, Integer areaM2, String services,
            List<Integer> weekdays, LocalTime opens, LocalTime closes, GridworkUser staff);

    void addRoom(long stationId, String name, Integer seats, GridworkUser staff);

    /** Adds a regular service with bookable slots; {@code provider} is the service-team account that runs it. Returns its id. */
    long addService(long stationId, String name, String description, long providerAccountId, List<Integer> weekdays,
            LocalTime starts, LocalTime ends, int slotMinutes, int capacity, GridworkUser staff);

    /** Generates and publishes a month's duty rota of the station's micro-grid leaders. */
    void publishRota(long stationId, YearMonth month, GridworkUser staff);
}
