package io.gridwork.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.station.internal.RoomBookings;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/** Room bookings with conflict detection (also under concurrency) and the visitor log that becomes a demand. */
@GridworkTest
class StationRoomsAndVisitsTests extends StationApiSupport {

    @Autowired
    RoomBookings rooms;
    @Autowired
    StationApi stations;

    long room(long station) {
        stations.addRoom(station, "议事室", 12, fixtures.staff());
        return jdbc.sql("select id from station_room where station_id = ?").param(station).query(Long.class).single();
    }

    static String booking(String starts, String ends) {
        return "{\"starts\":\"" + starts + "\",\"ends\":\"" + ends + "\",\"purpose\":\"居民议事会\"}";
    }

    @Test
    void overlappingRoomBookingsAreRefusedAndNothingChanges() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 9, 1, 8, 0));
        long room = room(fixtures.station());
        GridworkUser leader = people.user("leader");
        call(post("/api/station-rooms/" + room + "/bookings"), leader, booking("2026-09-02T14:00", "2026-09-02T16:00"))
                .andExpect(status().isCreated());
        for (String[] t : List.of(new String[] {"2026-09-02T15:00", "2026-09-02T17:00"}, new String[] {"2026-09-02T13:00", "2026-09-02T14:30"},
                new String[] {"2026-09-02T14:30", "2026-09-02T15:00"})) {
            assertThat(code(call(post("/api/station-rooms/" + room + "/bookings"), fixtures.staff(), booking(t[0], t[1]))
                    .andExpect(status().isConflict()))).isEqualTo("room-taken");
        }
        // back to back is fine; outside the hours, on a holiday or in the past is not
        call(post("/api/station-rooms/" + room + "/bookings"), fixtures.staff(), booking("2026-09-02T16:00", "2026-09-02T17:00"))
                .andExpect(status().isCreated());
        assertThat(code(call(post("/api/station-rooms/" + room + "/bookings"), leader, booking("2026-09-02T16:30", "2026-09-02T18:00"))
                .andExpect(status().isBadRequest()))).isEqualTo("outside-hours");
        assertThat(code(call(post("/api/station-rooms/" + room + "/bookings"), leader, booking("2026-10-01T09:00", "2026-10-01T10:00"))
                .andExpect(status().isBadRequest()))).isEqualTo("outside-hours");
        assertThat(code(call(post("/api/station-rooms/" + room + "/bookings"), leader, booking("2026-08-31T09:00", "2026-08-31T10:00"))
                .andExpect(status().isBadRequest()))).isEqualTo("invalid-room-time");
        call(post("/api/station-rooms/" + room + "/bookings"), people.user("resident"), booking("2026-09-03T09:00", "2026-09-03T10:00"))
                .andExpect(status().isForbidden());
        assertThat(count("select count(*) from station_room_booking where room_id = ?", room)).isEqualTo(2);

        // cancelled, the time is free again; only the booker or the community cancels
        long first = jdbc.sql("select min(id) from station_room_booking where room_id = ?").param(room).query(Long.class).single();
        call(post("/api/station-room-bookings/" + first + "/cancel"), people.user("worker"), null).andExpect(status().isForbidden());
        call(post("/api/station-room-bookings/" + first + "/cancel"), leader, null).andExpect(status().isOk());
        call(post("/api/station-rooms/" + room + "/bookings"), people.user("worker"), booking("2026-09-02T15:00", "2026-09-02T16:00"))
                .andExpect(status().isCreated());
        JsonNode list = read(call(get("/api/stations/" + jdbc.sql("select station_id from station_room where id = ?").param(room)
                .query(Long.class).single() + "/room-bookings"), fixtures.staff(), null).andExpect(status().isOk()));
        assertThat(list.size()).isEqualTo(2);
        long station = list.get(0).path("stationId").asLong();
        String page = call(get("/station/" + station + "/rooms"), fixtures.staff(), null).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("居民议事会").contains("预约议事室");
    }

    @Test
    void concurrentOverlappingBookingsOfARoomLeaveOne() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 9, 1, 8, 0));
        long room = room(fixtures.station());
        GridworkUser staff = fixtures.staff();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int shift = i % 4;
            work.add(() -> {
                try {
                    rooms.book(room, LocalDateTime.of(2026, 9, 4, 9 + shift, 0), LocalDateTime.of(2026, 9, 4, 13, 0), "志愿服务队例会", staff);
                    return "booked";
                } catch (ProblemException e) {
                    return e.code();
                }
            });
        }
        List<String> outcomes = new ArrayList<>();
        try {
            for (Future<String> f : pool.invokeAll(work)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(outcomes.stream().filter("booked"::equals).count()).isEqualTo(1);
        assertThat(outcomes).allMatch(o -> o.equals("booked") || o.equals("room-taken"));
        assertThat(count("select count(*) from station_room_booking where room_id = ? and status = 'BOOKED'", room)).isEqualTo(1);
    }

    @Test
    void aVisitBecomesADemandInOneStepOnce() throws Exception {
        long station = jdbc.sql("select id from station where name = '学府憬城微网实格服务站'").query(Long.class).single();
        GridworkUser worker = people.user("worker");
        long household = people.user("resident").householdId();
        assertThat(code(call(post("/api/stations/" + station + "/visits"), worker, "{\"visitorName\":\"林先生\"}")
                .andExpect(status().isBadRequest()))).isEqualTo("field-required");
        call(post("/api/stations/" + station + "/visits"), people.user("property"), "{\"purpose\":\"x\"}").andExpect(status().isForbidden());
        JsonNode noHousehold = read(call(post("/api/stations/" + station + "/visits"), worker,
                "{\"visitorName\":\"王阿姨\",\"purpose\":\"咨询社保卡补办\"}").andExpect(status().isCreated()));
        assertThat(code(call(post("/api/station-visits/" + noHousehold.path("id").asLong() + "/demand"), worker,
                "{\"categoryCode\":\"WATER_LEAK\"}").andExpect(status().isBadRequest()))).isEqualTo("household-required");

        JsonNode visit = read(call(post("/api/stations/" + station + "/visits"), worker, """
                {"visitorName":"林先生","householdId":%d,"purpose":"44 栋 2 单元底楼停车位侧面渗水"}""".formatted(household))
                .andExpect(status().isCreated()));
        long id = visit.path("id").asLong();
        long demands = count("select count(*) from demand");
        assertThat(code(call(post("/api/station-visits/" + id + "/demand"), worker, "{\"categoryCode\":\"NO_SUCH\"}")
                .andExpect(status().isBadRequest()))).isEqualTo("unknown-category");
        assertThat(count("select count(*) from demand")).isEqualTo(demands);
        JsonNode done = read(call(post("/api/station-visits/" + id + "/demand"), worker, "{\"categoryCode\":\"WATER_LEAK\"}")
                .andExpect(status().isOk()));
        long demand = done.path("demandId").asLong();
        assertThat(jdbc.sql("select channel from demand where id = ?").param(demand).query(String.class).single()).isEqualTo("STATION");
        assertThat(jdbc.sql("select household_id from demand where id = ?").param(demand).query(Long.class).single()).isEqualTo(household);
        assertThat(code(call(post("/api/station-visits/" + id + "/demand"), worker, "{\"categoryCode\":\"WATER_LEAK\"}")
                .andExpect(status().isConflict()))).isEqualTo("visit-has-demand");
        assertThat(count("select count(*) from demand")).isEqualTo(demands + 1);
        JsonNode log = read(call(get("/api/stations/" + station + "/visits"), worker, null).andExpect(status().isOk()));
        assertThat(log.get(0).path("demandId").asLong()).isEqualTo(demand);
        String page = call(get("/station/" + station + "/visits"), worker, null).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("44 栋 2 单元底楼停车位侧面渗水").contains("已转为诉求").contains("转为诉求");
    }
}
