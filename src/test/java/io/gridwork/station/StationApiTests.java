package io.gridwork.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/** Stations and their days on the calendar, the calendar page's API, and the duty rota end to end. */
@GridworkTest
class StationApiTests extends StationApiSupport {

    @Autowired
    GridApi grid;
    @Autowired
    io.gridwork.access.AccountApi accounts;

    // ---- stations and the calendar --------------------------------------------------------------

    @Test
    void aResidentSeesTheirStationsOpenNowAndTodaysHours() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0)); // a Tuesday
        JsonNode list = read(call(get("/api/stations"), people.user("resident"), null).andExpect(status().isOk()));
        Map<String, JsonNode> byName = new HashMap<>();
        list.forEach(n -> byName.put(n.path("station").path("name").asString(), n));
        JsonNode station = byName.get("学府憬城微网实格服务站");
        JsonNode shop = byName.get("邻里惠民超市社区服务点");
        assertThat(station).isNotNull();
        assertThat(shop).isNotNull();
        assertThat(station.path("station").path("areaM2").asInt()).isEqualTo(70);
        assertThat(station.path("station").path("rooms").size()).isEqualTo(3);
        assertThat(station.path("status").path("openNow").asBoolean()).as(station.toString()).isTrue();
        assertThat(station.path("status").path("today").path("opens").asString()).startsWith("09:00");
        assertThat(station.path("status").path("today").path("closes").asString()).startsWith("17:00");
        assertThat(shop.path("status").path("today").path("closes").asString()).startsWith("22:00");
        assertThat(station.path("services").get(0).path("name").asString()).isEqualTo("家庭医生坐诊");

        // at 20:00 the station is closed and the supermarket's point still open
        fixtures.at(LocalDateTime.of(2026, 12, 8, 20, 0));
        list = read(call(get("/api/stations"), people.user("resident"), null).andExpect(status().isOk()));
        list.forEach(n -> byName.put(n.path("station").path("name").asString(), n));
        assertThat(byName.get("学府憬城微网实格服务站").path("status").path("openNow").asBoolean()).isFalse();
        assertThat(byName.get("邻里惠民超市社区服务点").path("status").path("openNow").asBoolean()).isTrue();

        // a merchant reaches no station; a resident of another community does not see this one
        assertThat(read(call(get("/api/stations"), people.user("merchant"), null).andExpect(status().isOk())).size()).isZero();
        long id = station.path("station").path("id").asLong();
        call(get("/api/stations/" + id), people.user("merchant"), null).andExpect(status().isNotFound());
        // a micro-grid leader of the compound reaches the compound's station
        call(get("/api/stations/" + id), people.user("leader"), null).andExpect(status().isOk());
    }

    @Test
    void holidaysCloseAStationMakeUpDaysOpenItAndAServicePointKeepsItsHours() throws Exception {
        long station = fixtures.station();
        JsonNode days = read(call(get("/api/stations/" + station + "/days?from=2026-09-30&count=12"), fixtures.staff(), null)
                .andExpect(status().isOk()));
        Map<String, JsonNode> byDay = new HashMap<>();
        days.forEach(d -> byDay.put(d.path("day").asString(), d));
        assertThat(byDay.get("2026-09-30").path("opens").asString()).startsWith("09:00"); // a Wednesday
        assertThat(byDay.get("2026-10-01").path("mark").asString()).isEqualTo("HOLIDAY");
        assertThat(byDay.get("2026-10-01").path("opens").isNull()).isTrue();
        assertThat(byDay.get("2026-10-05").path("opens").isNull()).isTrue(); // a Monday inside 国庆
        assertThat(byDay.get("2026-10-09").path("opens").asString()).startsWith("09:00");
        assertThat(byDay.get("2026-10-10").path("mark").asString()).isEqualTo("WORKDAY"); // Saturday, 国庆节调休
        assertThat(byDay.get("2026-10-10").path("opens").asString()).startsWith("09:00");
        assertThat(byDay.get("2026-10-11").path("opens").isNull()).isTrue(); // an ordinary Sunday

        long shop = jdbc.sql("select id from station where name = '邻里惠民超市社区服务点'").query(Long.class).single();
        days = read(call(get("/api/stations/" + shop + "/days?from=2026-10-01&count=1"), people.user("resident"), null)
                .andExpect(status().isOk()));
        assertThat(days.get(0).path("closes").asString()).startsWith("22:00");
    }

    @Test
    void staffCreateAStationAndBadInputChangesNothing() throws Exception {
        long before = count("select count(*) from station");
        long micro = people.firstMicroGrid();
        assertThat(code(call(post("/api/stations"), fixtures.staff(), """
                {"gridId":%d,"name":"站","address":"x"}""".formatted(micro)).andExpect(status().isBadRequest())))
                .isEqualTo("station-grid-level");
        assertThat(code(call(post("/api/stations"), fixtures.staff(), """
                {"gridId":%d,"name":"站","address":"x","hours":[{"weekday":1,"opens":"17:00","closes":"09:00"}]}"""
                .formatted(fixtures.jingcheng())).andExpect(status().isBadRequest()))).isEqualTo("invalid-opening-hours");
        assertThat(code(call(post("/api/stations"), fixtures.staff(), """
                {"gridId":%d,"address":"x"}""".formatted(fixtures.jingcheng())).andExpect(status().isBadRequest())))
                .isEqualTo("field-required");
        call(post("/api/stations"), people.user("leader"), "{}").andExpect(status().isForbidden());
        assertThat(count("select count(*) from station")).isEqualTo(before);

        JsonNode s = read(call(post("/api/stations"), fixtures.staff(), """
                {"gridId":%d,"kind":"STATION","name":"北区服务站","address":"12 栋架空层","areaM2":40,
                 "hours":[{"weekday":1,"opens":"09:00","closes":"17:00"},{"weekday":3,"opens":"14:00","closes":"18:00"}]}"""
                .formatted(fixtures.jingcheng())).andExpect(status().isCreated()));
        long id = s.path("id").asLong();
        assertThat(s.path("hours").size()).isEqualTo(2);
        call(post("/api/stations/" + id + "/rooms"), fixtures.staff(), "{\"name\":\"议事室\",\"seats\":10}").andExpect(status().isCreated());
        assertThat(code(call(post("/api/stations/" + id + "/rooms"), fixtures.staff(), "{\"name\":\"议事室\"}")
                .andExpect(status().isConflict()))).isEqualTo("room-exists");
        assertThat(count("select count(*) from station_room where station_id = ?", id)).isEqualTo(1);
        JsonNode changed = read(call(put("/api/stations/" + id + "/hours"), fixtures.staff(),
                "{\"hours\":[{\"weekday\":2,\"opens\":\"08:30\",\"closes\":\"12:00\"}]}").andExpect(status().isOk()));
        assertThat(changed.path("hours").size()).isEqualTo(1);
        assertThat(code(call(put("/api/stations/" + id + "/hours"), fixtures.staff(),
                "{\"hours\":[{\"weekday\":2,\"opens\":\"08:30\",\"closes\":\"12:00\"},{\"weekday\":2,\"opens\":\"13:00\",\"closes\":\"14:00\"}]}")
                .andExpect(status().isBadRequest()))).isEqualTo("invalid-opening-hours");
        assertThat(count("select count(*) from station_hours where station_id = ?", id)).isEqualTo(1);
        // staff of the compound see it but may not change it
        call(put("/api/stations/" + id + "/hours"), people.user("compound"), "{\"hours\":[]}").andExpect(status().isForbidden());
        assertThat(code(call(put("/api/stations/" + id + "/hours"), fixtures.staff(), "{\"hours\":[]}")
                .andExpect(status().isBadRequest()))).isEqualTo("invalid-opening-hours");
        assertThat(count("select count(*) from station_hours where station_id = ?", id)).isEqualTo(1);
    }

    @Test
    void theAdministratorKeepsTheNationalCalendar() throws Exception {
        JsonNode y2027 = read(call(get("/api/station-calendar?year=2027"), people.user("resident"), null).andExpect(status().isOk()));
        List<String> days = new ArrayList<>();
        y2027.forEach(d -> days.add(d.path("day").asString() + " " + d.path("kind").asString()));
        assertThat(days).contains("2027-02-06 HOLIDAY", "2027-10-01 HOLIDAY", "2027-01-01 HOLIDAY");

        String day = "2030-03-04";
        try {
            // one calendar serves every community's clock and the demand deadlines: no community may change it
            call(put("/api/station-calendar/" + day), people.user("worker"), "{\"kind\":\"HOLIDAY\",\"name\":\"x\"}")
                    .andExpect(status().isForbidden());
            call(put("/api/station-calendar/" + day), fixtures.staff(), "{\"kind\":\"HOLIDAY\",\"name\":\"x\"}")
                    .andExpect(status().isForbidden());
            assertThat(code(call(put("/api/station-calendar/" + day), people.user("admin"), "{\"kind\":\"HALF\",\"name\":\"x\"}")
                    .andExpect(status().isBadRequest()))).isEqualTo("invalid-calendar-kind");
            assertThat(code(call(put("/api/station-calendar/" + day), people.user("admin"), "{\"kind\":\"HOLIDAY\"}")
                    .andExpect(status().isBadRequest()))).isEqualTo("field-required");
            assertThat(count("select count(*) from work_calendar where cal_day = date '2030-03-04'")).isZero();
            call(put("/api/station-calendar/" + day), people.user("admin"), "{\"kind\":\"HOLIDAY\",\"name\":\"测试假日\"}")
                    .andExpect(status().isNoContent());
            JsonNode y2030 = read(call(get("/api/station-calendar?year=2030"), people.user("admin"), null));
            assertThat(y2030.toString()).contains("测试假日");
            call(put("/api/station-calendar/" + day), people.user("admin"), "{\"kind\":\"\"}").andExpect(status().isNoContent());
            assertThat(count("select count(*) from work_calendar where cal_day = date '2030-03-04'")).isZero();
        } finally {
            jdbc.sql("delete from work_calendar where cal_day = date '2030-03-04'").update();
        }
    }

    // ---- the rota -------------------------------------------------------------------------------

    private Map<Long, Integer> counts(JsonNode rota) {
        Map<Long, Integer> counts = new HashMap<>();
        rota.path("members").forEach(m -> counts.put(m.path("personId").asLong(), 0));
        rota.path("shifts").forEach(s -> counts.merge(s.path("personId").asLong(), 1, Integer::sum));
        return counts;
    }

    @Test
    void aMonthsRotaIsFairSkipsHolidaysAndKeepsMakeUpDays() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 9, 1, 8, 0));
        long station = fixtures.station();
        JsonNode sept = read(call(post("/api/stations/" + station + "/rota"), fixtures.staff(), "{\"month\":\"2026-09\"}")
                .andExpect(status().isCreated()));
        List<String> days = new ArrayList<>();
        sept.path("shifts").forEach(s -> days.add(s.path("day").asString()));
        assertThat(days).contains("2026-09-20").doesNotContain("2026-09-25", "2026-09-19", "2026-09-26");
        for (String d : days) {
            LocalDate day = LocalDate.parse(d);
            assertThat(day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY || d.equals("2026-09-20"))
                    .as(d).isTrue();
        }
        assertThat(days).hasSize(22); // 22 weekdays, less 中秋 on Friday the 25th, plus Sunday the 20th
        Map<Long, Integer> septCounts = counts(sept);
        int members = septCounts.size();
        assertThat(members).isGreaterThan(1);
        assertThat(sept.path("members").findValues("position").stream().map(JsonNode::asString).distinct().toList())
                .containsExactly("MICRO_GRID_LEADER");
        assertThat(septCounts.values().stream().mapToInt(i -> i).max().getAsInt()
                - septCounts.values().stream().mapToInt(i -> i).min().getAsInt()).isLessThanOrEqualTo(1);
        // residents do not see a draft
        call(get("/api/stations/" + station + "/rota?month=2026-09"), people.user("resident"), null).andExpect(status().isNotFound());
        long rota = sept.path("id").asLong();
        call(post("/api/station-rotas/" + rota + "/publish"), fixtures.staff(), null).andExpect(status().isOk());
        assertThat(code(call(post("/api/station-rotas/" + rota + "/publish"), fixtures.staff(), null)
                .andExpect(status().isConflict()))).isEqualTo("rota-published");
        assertThat(code(call(post("/api/stations/" + station + "/rota"), fixtures.staff(), "{\"month\":\"2026-09\"}")
                .andExpect(status().isConflict()))).isEqualTo("rota-published");
        call(get("/api/stations/" + station + "/rota?month=2026-09"), people.user("resident"), null).andExpect(status().isOk());

        // October: 国庆 1–7 skipped, Saturday the 10th kept; whoever had more shifts in September comes last
        JsonNode oct = read(call(post("/api/stations/" + station + "/rota"), fixtures.staff(),
                "{\"month\":\"2026-10\",\"withWorkers\":false}").andExpect(status().isCreated()));
        List<String> octDays = new ArrayList<>();
        oct.path("shifts").forEach(s -> octDays.add(s.path("day").asString()));
        assertThat(octDays).contains("2026-10-10", "2026-10-08").doesNotContain("2026-10-01", "2026-10-05", "2026-10-07");
        Map<Long, Integer> octCounts = counts(oct);
        int maxSept = septCounts.values().stream().mapToInt(i -> i).max().getAsInt();
        int minSept = septCounts.values().stream().mapToInt(i -> i).min().getAsInt();
        for (var e : septCounts.entrySet()) {
            if (e.getValue() == maxSept && maxSept > minSept) {
                int others = octCounts.entrySet().stream().filter(x -> septCounts.get(x.getKey()) == minSept)
                        .mapToInt(Map.Entry::getValue).min().orElse(0);
                assertThat(octCounts.get(e.getKey())).as("person %s", e.getKey()).isLessThanOrEqualTo(others);
            }
        }
        // a month already past, and a bad month, are refused
        assertThat(code(call(post("/api/stations/" + station + "/rota"), fixtures.staff(), "{\"month\":\"2026-08\"}")
                .andExpect(status().isBadRequest()))).isEqualTo("rota-month-out-of-range");
        assertThat(code(call(post("/api/stations/" + station + "/rota"), fixtures.staff(), "{\"month\":\"Sept\"}")
                .andExpect(status().isBadRequest()))).isEqualTo("invalid-month");
    }

    @Test
    void aRotaForAStationWithoutStaffIsRefusedAndWritesNothing() throws Exception {
        long xuefu = jdbc.sql("select id from grid_node where name = '学府社区' and level = 'COMMUNITY'").query(Long.class).single();
        long empty = grid.create(xuefu, GridLevel.COMPOUND, "新建小区" + System.nanoTime() % 100000, null, null).id();
        JsonNode s = read(call(post("/api/stations"), fixtures.staff(), """
                {"gridId":%d,"name":"新小区服务站","address":"1 栋","hours":[{"weekday":1,"opens":"09:00","closes":"12:00"}]}"""
                .formatted(empty)).andExpect(status().isCreated()));
        long station = s.path("id").asLong();
        assertThat(code(call(post("/api/stations/" + station + "/rota"), fixtures.staff(),
                "{\"month\":\"" + java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")) + "\"}")
                .andExpect(status().isConflict()))).isEqualTo("no-staff");
        assertThat(count("select count(*) from station_rota where station_id = ?", station)).isZero();
        assertThat(count("select count(*) from station_shift where station_id = ?", station)).isZero();
    }

    @Test
    void aSwapNeedsAMemberOfTheRotaAndTheCommunitysApprovalAndPresenceIsRecorded() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 10, 31, 8, 0)); // a Saturday: every November shift lies ahead
        long station = fixtures.station();
        JsonNode rota = read(call(post("/api/stations/" + station + "/rota"), fixtures.staff(), "{\"month\":\"2026-11\"}")
                .andExpect(status().isCreated()));
        GridworkUser leader = people.user("leader");
        JsonNode shift = null;
        for (JsonNode s : rota.path("shifts")) {
            if (s.path("personId").asLong() == leader.personId()) {
                shift = s;
            }
        }
        assertThat(shift).as("the demo leader is on the rota").isNotNull();
        long shiftId = shift.path("id").asLong();
        LocalDate day = LocalDate.parse(shift.path("day").asString());
        long other = 0;
        for (JsonNode m : rota.path("members")) {
            if (m.path("personId").asLong() != leader.personId()) {
                other = m.path("personId").asLong();
            }
        }
        // the other member answers the swap on their own account (the demo gives one to its leader only)
        String otherUsername = jdbc.sql("select username from account where person_id = ? order by id").param(other).query(String.class).list()
                .stream().findFirst().orElse(null);
        if (otherUsername == null) {
            otherUsername = "rota-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            long scope = jdbc.sql("select id from grid_node where path = ?").param(leader.scopePaths().get(0)).query(Long.class).single();
            accounts.createAccount(otherUsername, "Rota-member-2026!", "值班成员", other, java.util.Set.of(io.gridwork.shared.security.Role.GRID_LEADER),
                    java.util.Set.of(), java.util.List.of(scope));
        }
        // a draft is not swapped
        assertThat(code(call(post("/api/station-shifts/" + shiftId + "/swaps"), leader, "{\"toPersonId\":" + other + "}")
                .andExpect(status().isConflict()))).isEqualTo("rota-not-published");
        call(post("/api/station-rotas/" + rota.path("id").asLong() + "/publish"), fixtures.staff(), null).andExpect(status().isOk());

        // someone not on the rota, and a swap asked by another worker, are refused; nothing is written
        long resident = people.user("resident").personId();
        assertThat(code(call(post("/api/station-shifts/" + shiftId + "/swaps"), leader, "{\"toPersonId\":" + resident + "}")
                .andExpect(status().isBadRequest()))).isEqualTo("not-on-rota");
        call(post("/api/station-shifts/" + shiftId + "/swaps"), people.user("worker"), "{\"toPersonId\":" + other + "}")
                .andExpect(status().isForbidden());
        assertThat(count("select count(*) from station_swap where shift_id = ?", shiftId)).isZero();

        // an exchange: the leader takes one of the other's days in return; a day not theirs is refused
        long counter = 0;
        for (JsonNode s : rota.path("shifts")) {
            if (s.path("personId").asLong() == other && counter == 0) {
                counter = s.path("id").asLong();
            }
        }
        assertThat(code(call(post("/api/station-shifts/" + shiftId + "/swaps"), leader,
                "{\"toPersonId\":" + other + ",\"counterShiftId\":" + shiftId + "}").andExpect(status().isBadRequest())))
                .isEqualTo("swap-counter-shift");
        JsonNode swap = read(call(post("/api/station-shifts/" + shiftId + "/swaps"), leader,
                "{\"toPersonId\":" + other + ",\"counterShiftId\":" + counter + ",\"reason\":\"那天要带孩子看病\"}").andExpect(status().isCreated()));
        assertThat(swap.path("status").asString()).isEqualTo("REQUESTED");
        assertThat(code(call(post("/api/station-shifts/" + shiftId + "/swaps"), leader, "{\"toPersonId\":" + other + "}")
                .andExpect(status().isConflict()))).isEqualTo("swap-open");
        // not approved yet: the shift is still the leader's
        assertThat(count("select person_id from station_shift where id = ?", shiftId)).isEqualTo(leader.personId());
        call(post("/api/station-swaps/" + swap.path("id").asLong() + "/approve"), leader, null).andExpect(status().isForbidden());
        // the person asked has not accepted: the community cannot approve yet; only the person asked answers
        assertThat(code(call(post("/api/station-swaps/" + swap.path("id").asLong() + "/approve"), fixtures.staff(), null)
                .andExpect(status().isConflict()))).isEqualTo("swap-not-accepted");
        call(post("/api/station-swaps/" + swap.path("id").asLong() + "/accept"), leader, null).andExpect(status().isForbidden());
        assertThat(count("select person_id from station_shift where id = ?", shiftId)).isEqualTo(leader.personId());
        JsonNode accepted = read(call(post("/api/station-swaps/" + swap.path("id").asLong() + "/accept"), people.user(otherUsername), null)
                .andExpect(status().isOk()));
        assertThat(accepted.path("status").asString()).isEqualTo("ACCEPTED");
        JsonNode approved = read(call(post("/api/station-swaps/" + swap.path("id").asLong() + "/approve"), fixtures.staff(), null)
                .andExpect(status().isOk()));
        assertThat(approved.path("status").asString()).isEqualTo("APPROVED");
        assertThat(count("select person_id from station_shift where id = ?", shiftId)).isEqualTo(other);
        assertThat(count("select person_id from station_shift where id = ?", counter)).isEqualTo(leader.personId());
        assertThat(code(call(post("/api/station-swaps/" + swap.path("id").asLong() + "/reject"), fixtures.staff(), null)
                .andExpect(status().isConflict()))).isEqualTo("swap-decided");

        // presence: not before the day; staff record who came on the day; once
        assertThat(code(call(post("/api/station-shifts/" + shiftId + "/check-in"), fixtures.staff(), "{}")
                .andExpect(status().isConflict()))).isEqualTo("shift-not-today");
        fixtures.at(day.atTime(9, 5));
        call(post("/api/station-shifts/" + shiftId + "/check-in"), leader, "{\"presentPersonId\":" + other + "}")
                .andExpect(status().isForbidden());
        JsonNode present = read(call(post("/api/station-shifts/" + shiftId + "/check-in"), leader, "{}").andExpect(status().isOk()));
        assertThat(present.path("presentPersonId").asLong()).isEqualTo(leader.personId());
        assertThat(code(call(post("/api/station-shifts/" + shiftId + "/check-in"), fixtures.staff(), "{}")
                .andExpect(status().isConflict()))).isEqualTo("shift-checked-in");
        // the station shows today's duty: the person whose shift it is now
        JsonNode view = read(call(get("/api/stations/" + station), people.user("resident"), null).andExpect(status().isOk()));
        assertThat(view.path("onDuty").path("personId").asLong()).isEqualTo(other);
        assertThat(view.path("onDuty").path("checkedInAt").isNull()).isFalse();
    }
}
