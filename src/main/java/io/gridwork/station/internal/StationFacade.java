package io.gridwork.station.internal;

import java.time.LocalTime;
import java.time.YearMonth;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.station.StationApi;

@Service
class StationFacade implements StationApi {

    private final Stations stations;
    private final Rotas rotas;
    private final Clinics clinics;
    private final JdbcClient jdbc;

    StationFacade(Stations stations, Rotas rotas, Clinics clinics, JdbcClient jdbc) {
        this.stations = stations;
        this.rotas = rotas;
        this.clinics = clinics;
        this.jdbc = jdbc;
    }

    @Override
    public boolean hasNoStations() {
        return jdbc.sql("select count(*) from station").query(Long.class).single() == 0;
    }

    @Override
    public long createStation(long gridId, boolean servicePoint, String name, String address, Integer areaM2, String services,
            List<Integer> weekdays, LocalTime opens, LocalTime closes, GridworkUser staff) {
        List<Stations.Hours> hours = weekdays.stream().map(d -> new Stations.Hours(d, opens, closes)).toList();
        return stations.create(new Stations.NewStation(gridId, servicePoint ? Stations.Kind.SERVICE_POINT : Stations.Kind.STATION,
                name, address, areaM2, services, hours), staff).id();
    }

    @Override
    public void addRoom(long stationId, String name, Integer seats, GridworkUser staff) {
        stations.addRoom(stationId, name, seats, staff);
    }

    @Override
    public long addService(long stationId, String name, String description, long providerAccountId, List<Integer> weekdays,
            LocalTime starts, LocalTime ends, int slotMinutes, int capacity, GridworkUser staff) {
        return clinics.create(stationId, new Clinics.NewService(name, description, providerAccountId, weekdays, starts, ends,
                slotMinutes, capacity), staff).id();
    }

    @Override
    @Transactional
    public void publishRota(long stationId, YearMonth month, GridworkUser staff) {
        rotas.publish(rotas.generate(stationId, month, false, staff).id(), staff);
    }
}
