package io.gridwork.station;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.station.internal.StationTime;
import io.gridwork.support.TestPeople;

/** Fresh stations in the demo's 学府憬城 (so tests do not share rotas or slots), and the station module's clock. */
@Component
public class StationFixtures {

    private final StationApi stations;
    private final StationTime time;
    private final JdbcClient jdbc;
    private final TestPeople people;

    StationFixtures(StationApi stations, StationTime time, JdbcClient jdbc, TestPeople people) {
        this.stations = stations;
        this.time = time;
        this.jdbc = jdbc;
        this.people = people;
    }

    public long jingcheng() {
        return jdbc.sql("select id from grid_node where name = '学府憬城' and level = 'COMPOUND'").query(Long.class).single();
    }

    public GridworkUser staff() {
        return people.user("community");
    }

    /** A new station of 学府憬城, open Monday to Friday 9:00–17:00. */
    public long station() {
        return stations.createStation(jingcheng(), false, "测试服务站 " + UUID.randomUUID().toString().substring(0, 8), "3 栋架空层", 70,
                null, List.of(1, 2, 3, 4, 5), LocalTime.of(9, 0), LocalTime.of(17, 0), staff());
    }

    public long doctor() {
        return people.user("doctor").accountId();
    }

    /** A service of the station on Tuesday and Friday, 9:00–11:00 in half hours, {@code capacity} a slot. */
    public long service(long station, int capacity) {
        return stations.addService(station, "家庭医生坐诊", "测血压、测血糖", doctor(), List.of(2, 5), LocalTime.of(9, 0),
                LocalTime.of(11, 0), 30, capacity, staff());
    }

    /** The station module's time is this Beijing time until {@link #resetClock()}. */
    public void at(LocalDateTime beijing) {
        time.set(Clock.fixed(beijing.atZone(StationTime.ZONE).toInstant(), StationTime.ZONE));
    }

    public void resetClock() {
        time.set(null);
    }
}
